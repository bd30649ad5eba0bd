package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

// BenchmarkSearch measures public catalog search over a province-sized
// catalog (100,000 items in 16 cities and 128 counties, each county
// implementing most of a base list built from real item names) with the
// queries people type: two characters (执照, 结婚, 社保), longer names, and
// filters. Each case reports p50 and p99 of its per-query latency.
//
//	go test ./internal/sqlstore -run '^$' -bench BenchmarkSearch -benchtime 400x
func BenchmarkSearch(b *testing.B) {
	for _, e := range sqltest.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := sqltest.Open(b, e)
			start := time.Now()
			gen := loadCatalog(b, db, 100_000)
			b.Logf("%s: loaded %d items in %s", e, gen.items, time.Since(start).Round(time.Millisecond))
			store := sqlstore.NewCatalogStore(db)
			county, city := gen.counties[3], gen.cities[1]
			cases := []struct {
				name string
				q    catalog.Query
			}{
				{"two-char/执照", catalog.Query{Text: "执照"}},
				{"two-char/结婚", catalog.Query{Text: "结婚"}},
				{"two-char/社保", catalog.Query{Text: "社保"}},
				{"two-char/许可+county", catalog.Query{Text: "许可", Region: county}},
				{"longer/营业执照", catalog.Query{Text: "营业执照"}},
				{"longer/食品经营许可+city", catalog.Query{Text: "食品经营许可", Region: city}},
				{"longer/社会保障卡申领+county", catalog.Query{Text: "社会保障卡申领", Region: county}},
				{"filters/登记+kind+depth", catalog.Query{Text: "登记", Kind: catalog.KindConfirmation, OnlineDepth: 3}},
				{"filters/执照+theme+cross", catalog.Query{Text: "执照", Theme: "start", CrossRegion: catalog.CrossProvince}},
				{"filters/证明+target", catalog.Query{Text: "证明", Target: catalog.TargetPerson, Region: city}},
				{"popular/执照", catalog.Query{Text: "执照", Order: catalog.OrderPopular}},
				{"browse/all", catalog.Query{}},
				{"browse/county", catalog.Query{Region: county}},
				{"browse/theme", catalog.Query{Theme: "marriage"}},
				{"one-char/证", catalog.Query{Text: "证"}},
			}
			for _, c := range cases {
				q, err := c.q.Normalize()
				if err != nil {
					b.Fatal(err)
				}
				b.Run(c.name, func(b *testing.B) {
					ctx := context.Background()
					res, err := store.Search(ctx, q)
					if err != nil {
						b.Fatal(err)
					}
					var durs []time.Duration
					for b.Loop() {
						t := time.Now()
						if _, err := store.Search(ctx, q); err != nil {
							b.Fatal(err)
						}
						durs = append(durs, time.Since(t))
					}
					reportPercentiles(b, durs)
					b.ReportMetric(float64(res.Total), "total")
				})
			}
		})
	}
}

// reportPercentiles reports p50 and p99 of per-operation durations in ms.
func reportPercentiles(b *testing.B, durs []time.Duration) {
	if len(durs) == 0 {
		return
	}
	slices.Sort(durs)
	at := func(p float64) float64 {
		i := int(float64(len(durs)-1) * p)
		return float64(durs[i].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// Vocabulary of the generated catalog: real item names of Chinese
// government-service catalogs, and subjects × actions that read like them.
var (
	benchFamous = []string{"结婚登记", "离婚登记", "补领结婚证", "个体工商户设立登记", "企业设立登记", "营业执照变更登记",
		"营业执照注销登记", "社会保障卡申领", "社会保障卡补领", "户口迁移", "出生登记", "出生医学证明办理", "残疾人证核发",
		"居民身份证申领", "城乡居民养老保险参保登记", "失业保险金申领", "住房公积金提取", "医疗费用报销", "最低生活保障审批",
		"不动产登记", "机动车驾驶证换证", "食品经营许可（新设）", "食品经营许可（变更）", "公共场所卫生许可", "取水许可",
		"建筑工程施工许可", "道路运输经营许可", "药品零售企业许可", "烟草专卖零售许可证核发", "林木采伐许可证核发"}
	benchSubjects = []string{"食品经营", "食品生产", "药品经营", "医疗器械经营", "建筑工程施工", "公共场所卫生", "道路运输经营",
		"道路货物运输", "出租汽车经营", "取水", "排污", "烟草专卖零售", "林木采伐", "农药经营", "兽药经营", "种子生产经营",
		"医疗机构执业", "护士执业", "医师执业", "教师资格", "民办学校办学", "娱乐场所经营", "出版物零售", "燃气经营",
		"渔业捕捞", "危险化学品经营", "特种设备使用", "人力资源服务", "劳务派遣经营", "旅行社业务经营", "养老机构设立",
		"社会团体", "民办非企业单位", "宗教活动场所", "城镇污水排入排水管网", "建设用地规划", "建设工程规划", "施工图审查",
		"消防设计审查", "房地产开发企业资质", "物业服务", "二手车交易", "机动车检验", "船舶登记", "殡葬服务", "地名命名",
		"户外广告设置", "城市道路占用", "文物保护单位修缮", "气象探测环境保护", "防雷装置设计审核", "广播电视节目制作",
		"互联网上网服务营业场所", "酒类经营", "粮食收购", "农民专业合作社", "家庭农场", "动物防疫条件", "生猪定点屠宰",
		"草原征占用", "水土保持方案", "河道采砂", "入河排污口设置", "小型水库", "残疾人辅助器具", "低保", "特困人员供养",
		"临时救助", "高龄津贴", "退役军人优待", "烈士褒扬", "孤儿基本生活费", "婚姻", "收养", "户籍", "居住证", "出入境证件",
		"护照", "港澳通行证", "台湾通行证", "机动车登记", "驾驶证", "社会保险", "医疗保险", "工伤保险", "生育保险", "就业创业证",
		"职业技能等级", "创业担保贷款", "公积金", "个人所得税", "增值税发票", "契税", "车船税", "不动产权证书"}
	benchActions = []string{"许可", "登记", "核发", "备案", "审批", "变更", "延续", "注销", "补办", "申领", "查询", "证明开具",
		"认定", "年度报告", "审核", "确认", "发放", "换证", "迁移", "撤销"}
	benchMaterials = []string{"营业执照", "营业执照副本复印件", "法定代表人身份证明", "居民身份证", "居民户口簿", "结婚证",
		"申请书", "授权委托书", "经营场所使用证明", "房屋租赁合同", "场所平面布局图", "从业人员健康证明", "公司章程",
		"验资报告", "资质证书", "安全生产许可证", "环境影响评价文件", "建设工程规划许可证", "土地使用权证明", "施工合同",
		"监理合同", "设计图纸", "出生医学证明", "死亡医学证明", "残疾评定表", "近期免冠照片", "社会保障卡", "银行账户信息",
		"离婚协议书", "户口迁移证明", "毕业证书", "劳动合同", "医疗费用票据", "诊断证明书", "住房公积金缴存证明",
		"不动产权证书", "机动车行驶证", "驾驶证", "体检证明", "无犯罪记录证明"}
	benchKeywords = []string{"开店", "办证", "餐饮", "社保", "医保", "生育", "养老金", "公积金", "驾照", "户籍", "结婚",
		"离婚", "残疾", "低保", "创业", "就业", "建房", "装修", "运输", "药店", "卫生", "环保", "消防", "补贴"}
	benchDepts = []struct{ name, kind string }{{"市场监督管理局", "市场监管"}, {"民政局", "民政"},
		{"人力资源和社会保障局", "人社"}, {"公安局", "公安"}, {"卫生健康局", "卫健"}, {"交通运输局", "交通"},
		{"水务局", "水务"}, {"住房和城乡建设局", "住建"}, {"教育体育局", "教育"}, {"自然资源局", "自然资源"},
		{"生态环境分局", "生态环境"}, {"农业农村局", "农业农村"}, {"林业和草原局", "林草"}, {"文化和旅游局", "文旅"},
		{"医疗保障局", "医保"}, {"税务局", "税务"}, {"退役军人事务局", "退役军人"}, {"残疾人联合会", "残联"},
		{"应急管理局", "应急"}, {"商务局", "商务"}}
)

// benchCatalog describes what loadCatalog made.
type benchCatalog struct {
	items    int
	cities   []string
	counties []string
}

// loadCatalog writes n published items (a few suspended, cancelled or
// draft) straight into the tables in batches, with the tokens
// catalog.Tokens makes, and analyses the tables as PRAGMA optimize and
// autovacuum do in service.
func loadCatalog(tb testing.TB, db *sqlstore.DB, n int) benchCatalog {
	tb.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	var gen benchCatalog
	type region struct{ code, name, level, parent string }
	regions := []region{{"530000", "云南省", "province", ""}}
	for c := 1; c <= 16; c++ {
		city := fmt.Sprintf("53%02d00", c)
		regions = append(regions, region{city, fmt.Sprintf("第%d市", c), "city", "530000"})
		gen.cities = append(gen.cities, city)
		for k := 1; k <= 8; k++ {
			county := fmt.Sprintf("53%02d%02d", c, 20+k)
			regions = append(regions, region{county, fmt.Sprintf("第%d市第%d县", c, k), "county", city})
			gen.counties = append(gen.counties, county)
		}
	}
	type dept struct {
		id           int64
		region, name string
	}
	var depts []dept
	err := db.WriteTx(ctx, func(tx *sqlstore.Tx) error {
		for _, r := range regions {
			var parent any
			if r.parent != "" {
				parent = r.parent
			}
			if _, err := tx.Exec(ctx, "INSERT INTO regions (code, name, level, parent_code, prefix, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)",
				r.code, r.name, r.level, parent, validate.RegionPrefix(r.code)); err != nil {
				return err
			}
			for i, d := range benchDepts {
				name := r.name + d.name
				id, err := tx.InsertID(ctx, "INSERT INTO depts (region_code, name, credit_code, kind, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)",
					r.code, name, validate.MakeCreditCode(fmt.Sprintf("11%sMB%07d", r.code, i)), d.kind)
				if err != nil {
					return err
				}
				depts = append(depts, dept{id, r.code, name})
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	// The base list: famous items and subject × action names.
	names := slices.Clone(benchFamous)
	for _, s := range benchSubjects {
		for _, a := range benchActions {
			if rng.IntN(3) == 0 {
				names = append(names, s+a)
			}
		}
	}
	now := time.Now().UnixMilli()
	const batch = 400
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		err := db.WriteTx(ctx, func(tx *sqlstore.Tx) error {
			var items, versions, themes, fts []string
			var ia, va, ta, fa []any
			for id := start + 1; id <= end; id++ {
				d := depts[rng.IntN(len(depts))]
				name := names[int(rng.ExpFloat64()*float64(len(names))/4)%len(names)]
				doc := benchDoc(rng, int64(id), name, d.id, d.region)
				status, susp, canc := catalog.StatusPublished, int64(0), int64(0)
				switch r := rng.IntN(100); {
				case r < 2:
					status, susp = catalog.StatusSuspended, now+int64(r*2-1)*86_400_000 // one past, one future
				case r < 4:
					status, canc = catalog.StatusCancelled, now+int64(r*2-5)*86_400_000
				case r < 5:
					status = catalog.StatusDraft
				}
				pubVersion := 1
				if status == catalog.StatusDraft {
					pubVersion = 0
				}
				pop := int64(rng.ExpFloat64() * 200)
				items = append(items, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				ia = append(ia, id, doc.Code, doc.BaseCode, doc.RegionCode, d.id, doc.Name, string(doc.Kind), status,
					pubVersion, susp, canc, pop, doc.Instant, doc.LegalDays, doc.PromisedDays, doc.MaxVisits,
					doc.OnlineDepth, doc.CrossRegion, now, now)
				js, _ := json.Marshal(doc)
				state := catalog.VersionPublished
				if status == catalog.StatusDraft {
					state = catalog.VersionDraft
				}
				versions = append(versions, "(?, 1, ?, ?, ?)")
				va = append(va, id, state, string(js), now)
				for _, th := range doc.Themes {
					themes = append(themes, "(?, ?)")
					ta = append(ta, th, id)
				}
				if status != catalog.StatusDraft {
					fts = append(fts, "(?, ?)")
					fa = append(fa, id, catalog.Tokens(doc, d.name))
				}
			}
			for _, st := range []struct {
				sql  string
				rows []string
				args []any
			}{
				{`INSERT INTO items (id, code, base_code, region_code, dept_id, name, kind, status, published_version,
					suspended_from, cancelled_from, popularity, instant, legal_days, promised_days, max_visits, online_depth,
					cross_region, created_at, updated_at) VALUES `, items, ia},
				{"INSERT INTO item_versions (item_id, number, state, doc, created_at) VALUES ", versions, va},
				{"INSERT INTO item_themes (theme, item_id) VALUES ", themes, ta},
				{ftsInsert(db), fts, fa},
			} {
				if len(st.rows) == 0 {
					continue
				}
				if _, err := tx.Exec(ctx, st.sql+strings.Join(st.rows, ", "), st.args...); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	gen.items = n
	if _, err := db.Exec(ctx, "ANALYZE"); err != nil {
		tb.Fatal(err)
	}
	return gen
}

func ftsInsert(db *sqlstore.DB) string {
	if db.Engine == sqlstore.SQLite {
		return "INSERT INTO item_fts (rowid, tokens) VALUES "
	}
	return "INSERT INTO item_fts (item_id, tokens) VALUES "
}

// benchDoc makes an item's content from the vocabulary.
func benchDoc(rng *rand.Rand, id int64, name string, dept int64, region string) catalog.Doc {
	pick := func(list []string, k int) []string {
		out := make([]string, 0, k)
		for range k {
			if s := list[rng.IntN(len(list))]; !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		return out
	}
	doc := catalog.Doc{
		BaseCode: fmt.Sprintf("1153%06dMB", id%5000), Code: fmt.Sprintf("1153%06dMB%08d", id%5000, id), Name: name,
		Kind: catalog.Kinds[rng.IntN(len(catalog.Kinds))], DeptID: dept, RegionCode: region,
		ExerciseLevel: catalog.LevelCounty, Targets: pick([]string{catalog.TargetPerson, catalog.TargetOrg}, 1+rng.IntN(2)),
		Instant: rng.IntN(4) == 0, LegalDays: 20, PromisedDays: 1 + rng.IntN(15), MaxVisits: rng.IntN(3),
		OnlineDepth: 1 + rng.IntN(4), InHall: true, Channels: []string{catalog.ChannelOnline, catalog.ChannelWindow},
		CrossRegion: []string{catalog.CrossNone, catalog.CrossNone, catalog.CrossProvince, catalog.CrossNational}[rng.IntN(4)],
		Keywords:    pick(benchKeywords, rng.IntN(3)),
	}
	if rng.IntN(10) < 6 {
		doc.Themes = pick([]string{"birth", "school", "work", "marriage", "housing", "health", "social_security",
			"elderly", "start", "operate", "construct", "change", "close"}, 1+rng.IntN(2))
	}
	for i, m := range pick(benchMaterials, 3+rng.IntN(6)) {
		doc.Materials = append(doc.Materials, catalog.Material{Key: fmt.Sprintf("m%d", i+1), Name: m,
			Requirement: catalog.Required, Forms: []string{catalog.FormCopy}, Copies: 1})
	}
	return doc
}
