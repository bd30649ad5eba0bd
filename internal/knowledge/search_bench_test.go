package knowledge_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/knowledge"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// Words the generated articles are made of: services, places and the
// phrases answers are written in, so that common terms (办理, 材料) hit
// most of the base and rare ones a few articles.
var (
	benchServices = []string{"营业执照", "食品经营许可", "社保卡", "公积金", "出租车", "医保报销", "居住证", "结婚登记", "不动产登记",
		"道路运输证", "药品经营许可", "建筑施工许可", "退役军人优待证", "残疾人证", "养老保险", "失业保险金", "户口迁移", "身份证",
		"护照", "驾驶证", "排污许可", "林木采伐许可", "取水许可", "导游证", "卫生许可", "烟草专卖许可", "二手房交易", "公租房"}
	benchVerbs   = []string{"怎么办", "办理时限", "补办", "提取", "投诉渠道", "需要什么材料", "在哪里办", "收费吗", "能网上办吗", "变更", "注销", "延续"}
	benchPlaces  = []string{"香格里拉市", "德钦县", "维西县", "建塘镇", "升平镇", "迪庆州"}
	benchPhrases = []string{"请携带本人身份证原件到政务服务中心综合窗口办理。", "材料齐全、符合法定形式的，当场受理。",
		"可登录一网通办网站或云南政务服务 App 在线申请。", "法定办结时限为二十个工作日，承诺时限为五个工作日。",
		"办理不收取任何费用。", "如对办理结果有异议，可拨打 12345 热线反映。", "委托他人办理的，需提供授权委托书。",
		"节假日不办公，请在工作日上午九点至下午五点前往。", "邮寄送达的，请填写准确的收件地址。", "跨省通办事项可在就近大厅提交。"}
)

// loadBench inserts n published articles straight into the tables (the
// service's per-article audit would make loading, not searching, the
// benchmark), with uses spread like real popularity.
func loadBench(b *testing.B, db *sqlstore.DB, n int) {
	ctx := context.Background()
	sqltest.Regions(b, db, "530000", "533400")
	dept := sqltest.Dept(b, db, "533400", "迪庆州政务服务管理局", "政务服务", "11533400MB0000031")
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	err := db.WriteTx(ctx, func(tx *sqlstore.Tx) error {
		for i := 1; i <= n; i++ {
			svc := pick(benchServices)
			var body strings.Builder
			for range 4 + r.IntN(8) {
				body.WriteString(pick(benchPlaces) + pick(benchServices) + "：" + pick(benchPhrases))
			}
			a := knowledge.Article{ID: int64(i), Title: fmt.Sprintf("%s%s%s（%d）", pick(benchPlaces), svc, pick(benchVerbs), i),
				Keywords: []string{svc, pick(benchVerbs)}, Answer: body.String(), Subjects: []string{"政务服务"}}
			if _, err := tx.Exec(ctx, `INSERT INTO knowledge_articles (id, dept_id, region_code, title, keywords, answer, subjects, status,
				review_due, uses, version, created_at, updated_at) VALUES (?, ?, '533400', ?, '[]', ?, '[]', 'published', '2027-01-01', ?, 1, 0, 0)`,
				a.ID, dept, a.Title, a.Answer, int(r.ExpFloat64()*50)); err != nil {
				return err
			}
			q := "INSERT INTO knowledge_fts (rowid, tokens) VALUES (?, ?)"
			if db.Engine == sqlstore.Postgres {
				q = "INSERT INTO knowledge_fts (article_id, tokens) VALUES (?, ?)"
				if _, err := tx.Exec(ctx, "INSERT INTO knowledge_title_fts (article_id, tokens) VALUES (?, ?)", a.ID, knowledge.TitleTokens(a)); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, q, a.ID, knowledge.Tokens(a)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if db.Engine == sqlstore.Postgres {
		_, err = db.Exec(ctx, "VACUUM ANALYZE")
	} else {
		err = db.Optimize(ctx)
	}
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkKnowledgeSearch searches 10,000 articles as agents type:
// a rare bigram, a service, a phrase, one character, and 办理 (in almost
// every article: the whole base is ranked). It reports the mean and p99
// latency of one search (first page of 20).
func BenchmarkKnowledgeSearch(b *testing.B) {
	queries := []string{"执照", "社保卡补办", "公积金提取", "出租车投诉", "营业执照办理时限", "照", "德钦县导游证", "办理", "材料", "跨省通办"}
	for _, e := range sqltest.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := sqltest.Open(b, e)
			loadBench(b, db, 10000)
			svc := knowledge.NewService(sqlstore.NewKnowledgeStore(db), nil)
			p := &access.Principal{AccountID: 1, Username: "hotline1", Kind: "staff",
				Grants: []access.Grant{{Role: access.HotlineAgent, Region: "533400"}}}
			ctx := context.Background()
			var took []time.Duration
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				t0 := time.Now()
				pg, err := svc.Search(ctx, p, knowledge.Query{Q: queries[i%len(queries)]})
				took = append(took, time.Since(t0))
				if err != nil || len(pg.Articles) == 0 {
					b.Fatalf("%s: %d hits, %v", queries[i%len(queries)], len(pg.Articles), err)
				}
			}
			slices.Sort(took)
			var sum time.Duration
			for _, d := range took {
				sum += d
			}
			b.ReportMetric(float64(sum.Microseconds())/float64(len(took))/1000, "mean-ms")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
