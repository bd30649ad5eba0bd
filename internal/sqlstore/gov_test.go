package sqlstore_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/gov/regiondata"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

// admin returns an in-memory sysadmin of region.
func admin(region string) *access.Principal {
	return &access.Principal{AccountID: 1, Username: "admin", Kind: "staff",
		Grants: []access.Grant{{Role: access.SysAdmin, Region: region}}}
}

func count(t *testing.T, db *sqlstore.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), db.Rebind(q), args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func mustCode(t *testing.T, err error, code errs.Code) {
	t.Helper()
	if !errs.Is(err, code) {
		t.Fatalf("err = %v, want %s", err, code)
	}
}

// diqing builds 云南省 › 迪庆州 › 香格里拉市, 德钦县 › 建塘镇 › 北门社区.
func diqing(t *testing.T, svc *gov.Service) {
	t.Helper()
	ctx := context.Background()
	for _, r := range []gov.Region{
		{Code: "530000", Name: "云南省"},
		{Code: "533400", Name: "迪庆藏族自治州", ParentCode: "530000"},
		{Code: "533401", Name: "香格里拉市", Level: gov.LevelCounty},
		{Code: "533422", Name: "德钦县"},
		{Code: "533401101", Name: "建塘镇"},
		{Code: "533401101001", Name: "北门社区"},
	} {
		if _, err := svc.CreateRegion(ctx, admin("530000"), r); err != nil {
			t.Fatalf("create %s: %v", r.Code, err)
		}
	}
}

func deptIn(region, name, body string) gov.DeptInput {
	return gov.DeptInput{RegionCode: region, Name: name, Kind: "市场监管", Phone: "0887-8221234",
		CreditCode: validate.MakeCreditCode("11" + region[:6] + body)}
}

func TestGovRegionTree(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		svc := gov.NewService(sqlstore.NewGovStore(db), nil)
		diqing(t, svc)
		p := admin("533400")

		kids, err := svc.ListRegions(ctx, p, "533400")
		if err != nil || len(kids) != 2 || kids[0].Code != "533401" || kids[0].Level != gov.LevelCounty || kids[0].ParentCode != "533400" {
			t.Fatalf("children of 533400 = %+v, %v", kids, err)
		}
		top, err := svc.ListRegions(ctx, p, "")
		if err != nil || len(top) != 1 || top[0].Code != "530000" || top[0].ParentCode != "" {
			t.Fatalf("provinces = %+v, %v", top, err)
		}
		if _, err := svc.CreateDept(ctx, p, deptIn("533401", "香格里拉市市场监督管理局", "MB0000011")); err != nil {
			t.Fatal(err)
		}
		tree, err := svc.RegionTree(ctx, p, "533400")
		if err != nil || len(tree) != 2 || tree[0].Children != 1 || tree[0].Depts != 1 || tree[1] != (gov.RegionNode{Region: kids[1]}) {
			t.Fatalf("tree = %+v, %v", tree, err)
		}
		path, err := svc.RegionPath(ctx, p, "533401101001")
		if err != nil || len(path) != 5 || path[0].Code != "530000" || path[4].Name != "北门社区" {
			t.Fatalf("path = %+v, %v", path, err)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM regions WHERE prefix = ?", "5334"); n != 1 {
			t.Fatalf("prefix of 533400 not stored: %d", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events WHERE action = 'region.create'"); n != 6 {
			t.Fatalf("region.create events = %d, want 6", n)
		}

		// A withdrawn region must be empty first; its children cannot be added while it is.
		r, _ := svc.GetRegion(ctx, p, "533422")
		r, err = svc.SetRegionActive(ctx, p, r.Code, r.Version, false, "区划调整")
		if err != nil || r.Active || r.Version != 2 {
			t.Fatalf("withdraw 533422 = %+v, %v", r, err)
		}
		_, err = svc.CreateRegion(ctx, p, gov.Region{Code: "533422101", Name: "升平镇"})
		mustCode(t, err, errs.Invalid)
		r, _ = svc.GetRegion(ctx, p, "533401")
		_, err = svc.SetRegionActive(ctx, p, r.Code, r.Version, false, "")
		mustCode(t, err, errs.Conflict)
	})
}

func TestGovRegionWrongParentRejected(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		svc := gov.NewService(sqlstore.NewGovStore(db), nil)
		p := admin("530000")
		if _, err := svc.CreateRegion(ctx, p, gov.Region{Code: "530000", Name: "云南省"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			r     gov.Region
			field string
		}{
			{gov.Region{Code: "533401", Name: "香格里拉市"}, "parent_code"},                         // its city 533400 does not exist
			{gov.Region{Code: "533400", Name: "迪庆藏族自治州", ParentCode: "533000"}, "parent_code"}, // the code says 530000
			{gov.Region{Code: "533400", Name: "迪庆藏族自治州", Level: gov.LevelCounty}, "level"},     // 533400 is a city code
			{gov.Region{Code: "5334001", Name: "迪庆"}, "code"},                                  // no such length
			{gov.Region{Code: "533400", Name: ""}, "name"},                                     // name required
		} {
			_, err := svc.CreateRegion(ctx, p, c.r)
			if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != c.field {
				t.Errorf("%+v: err = %v, want invalid %s", c.r, err, c.field)
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM regions"); n != 1 {
			t.Fatalf("regions = %d after rejected creates, want 1", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events"); n != 1 {
			t.Fatalf("audit events = %d, want 1", n)
		}
	})
}

func TestGovDeptBadCreditCodeWritesNothing(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		svc := gov.NewService(sqlstore.NewGovStore(db), nil)
		diqing(t, svc)
		p := admin("533400")
		events := count(t, db, "SELECT COUNT(*) FROM audit_events")

		good := deptIn("533400", "迪庆州市场监督管理局", "MB0000001")
		bad := good
		bad.CreditCode = good.CreditCode[:17] + map[bool]string{true: "1", false: "0"}[good.CreditCode[17] == '0']
		_, err := svc.CreateDept(ctx, p, bad)
		if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != "credit_code" || !errors.Is(err, validate.ErrCreditCodeCheck) {
			t.Fatalf("bad check char: %v", err)
		}
		shape := good
		shape.CreditCode = "11533400MB00000O1X" // O is not in the GB 32100 set
		_, err = svc.CreateDept(ctx, p, shape)
		mustCode(t, err, errs.Invalid)
		if n := count(t, db, "SELECT COUNT(*) FROM depts"); n != 0 {
			t.Fatalf("depts = %d after rejected creates", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events"); n != events {
			t.Fatalf("audit events %d → %d after rejected creates", events, n)
		}

		// An admin who compared the pilot code with the certificate may accept it.
		bad.ConfirmCheck = true
		d, err := svc.CreateDept(ctx, p, bad)
		if err != nil || d.ID == 0 || d.CreditCode != bad.CreditCode {
			t.Fatalf("confirmed pilot code: %+v, %v", d, err)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events WHERE action = 'dept.create' AND object_id = ? AND reason <> ''", strconv.FormatInt(d.ID, 10)); n != 1 {
			t.Fatalf("confirmation not in the audit reason")
		}
		// The code is unique platform-wide: a second dept cannot reuse it.
		again := deptIn("533401", "香格里拉市市场监督管理局", "MB0000011")
		again.CreditCode, again.ConfirmCheck = bad.CreditCode, true
		_, err = svc.CreateDept(ctx, p, again)
		if errs.FieldOf(err) != "credit_code" {
			t.Fatalf("reused credit code: %v", err)
		}
	})
}

func TestGovConcurrentUpdateOneWins(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		svc := gov.NewService(sqlstore.NewGovStore(db), nil)
		diqing(t, svc)
		p := admin("533400")
		d, err := svc.CreateDept(ctx, p, deptIn("533400", "迪庆州市场监督管理局", "MB0000001"))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		results := make([]error, 8)
		for i := range results {
			wg.Go(func() {
				in := deptIn("533400", "迪庆州市场监督管理局", "MB0000001")
				in.ShortName = "州市场监管局" + string(rune('A'+i))
				_, results[i] = svc.UpdateDept(ctx, p, d.ID, d.Version, in)
			})
		}
		wg.Wait()
		won := 0
		for _, err := range results {
			switch {
			case err == nil:
				won++
			case errs.Is(err, errs.Conflict) && errs.MessageOf(err) == "记录已被他人修改，请刷新后重试":
			default:
				t.Fatalf("update: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d of %d updates with the same version won, want 1", won, len(results))
		}
		got, _ := svc.GetDept(ctx, p, d.ID)
		if got.Version != 2 {
			t.Fatalf("version = %d, want 2", got.Version)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events WHERE action = 'dept.update'"); n != 1 {
			t.Fatalf("dept.update events = %d, want 1", n)
		}
	})
}

func TestGovScope(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		svc := gov.NewService(sqlstore.NewGovStore(db), nil)
		diqing(t, svc)
		deqin, err := svc.CreateDept(ctx, admin("533400"), deptIn("533422", "德钦县市场监督管理局", "MB0000022"))
		if err != nil {
			t.Fatal(err)
		}
		shangrila := admin("533401")
		_, err = svc.UpdateDept(ctx, shangrila, deqin.ID, deqin.Version, deptIn("533422", "德钦县市场监管局", "MB0000022"))
		mustCode(t, err, errs.Forbidden)
		_, err = svc.SetDeptActive(ctx, shangrila, deqin.ID, deqin.Version, false, "")
		mustCode(t, err, errs.Forbidden)
		_, err = svc.CreateDept(ctx, shangrila, deptIn("533422", "德钦县公安局", "MB0000023"))
		mustCode(t, err, errs.Forbidden)
		_, err = svc.CreateHall(ctx, shangrila, gov.HallInput{RegionCode: "533400", Name: "迪庆州政务服务中心", Kind: gov.HallCentre})
		mustCode(t, err, errs.Forbidden)
		_, err = svc.UpdateRegion(ctx, shangrila, "533400", 1, "迪庆州")
		mustCode(t, err, errs.Forbidden)
		// Inside its own subtree it may.
		if _, err := svc.CreateDept(ctx, shangrila, deptIn("533401", "香格里拉市公安局", "MB0000012")); err != nil {
			t.Fatal(err)
		}
		// Other staff read the structure but do not change it; anonymous callers do neither.
		clerk := &access.Principal{AccountID: 2, Kind: "staff", Grants: []access.Grant{{Role: access.Clerk, Region: "533400"}}}
		if _, err := svc.GetDept(ctx, clerk, deqin.ID); err != nil {
			t.Fatal(err)
		}
		_, err = svc.CreateDept(ctx, clerk, deptIn("533400", "迪庆州公安局", "MB0000003"))
		mustCode(t, err, errs.Forbidden)
		applicant := &access.Principal{AccountID: 3, Kind: "person"}
		_, err = svc.ListRegions(ctx, applicant, "")
		mustCode(t, err, errs.Forbidden)
		_, err = svc.GetDept(ctx, nil, deqin.ID)
		mustCode(t, err, errs.Unauthorized)
		if n := count(t, db, "SELECT COUNT(*) FROM depts"); n != 2 {
			t.Fatalf("depts = %d, want 2", n)
		}
	})
}

func TestGovHallsWindowsAndAudit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		svc := gov.NewService(sqlstore.NewGovStore(db), nil)
		diqing(t, svc)
		p := admin("533400")
		samr, err := svc.CreateDept(ctx, p, deptIn("533400", "迪庆州市场监督管理局", "MB0000001"))
		if err != nil {
			t.Fatal(err)
		}
		deqin, err := svc.CreateDept(ctx, p, deptIn("533422", "德钦县市场监督管理局", "MB0000022"))
		if err != nil {
			t.Fatal(err)
		}
		centre, err := svc.CreateHall(ctx, p, gov.HallInput{RegionCode: "533401", Name: "香格里拉市政务服务中心",
			Kind: gov.HallCentre, Phone: "0887 822 1234", Hours: "周一至周五 9:00–12:00，14:30–18:00"})
		if err != nil || centre.Phone != "0887-8221234" {
			t.Fatalf("hall = %+v, %v", centre, err)
		}
		_, err = svc.CreateHall(ctx, p, gov.HallInput{RegionCode: "533401", Name: "香格里拉市政务服务中心", Kind: gov.HallCentre})
		if errs.FieldOf(err) != "name" {
			t.Fatalf("duplicate hall name: %v", err)
		}
		general, err := svc.CreateWindow(ctx, p, gov.WindowInput{HallID: centre.ID, Number: "a01", Name: "综合受理窗口", Kind: gov.WindowGeneral})
		if err != nil || general.Number != "A01" || general.DeptIDs == nil {
			t.Fatalf("general window = %+v, %v", general, err)
		}
		for _, in := range []gov.WindowInput{
			{HallID: centre.ID, Number: "A01", Name: "综合受理窗口", Kind: gov.WindowGeneral},                               // number taken
			{HallID: centre.ID, Number: "B01", Name: "市场监管专窗", Kind: gov.WindowDedicated},                             // no dept
			{HallID: centre.ID, Number: "B01", Name: "市场监管专窗", Kind: gov.WindowDedicated, DeptIDs: []int64{deqin.ID}}, // not in 533401's subtree
			{HallID: centre.ID, Number: "B01", Name: "综合", Kind: gov.WindowGeneral, DeptIDs: []int64{samr.ID}},        // general lists no dept
		} {
			if _, err := svc.CreateWindow(ctx, p, in); !errs.Is(err, errs.Invalid) {
				t.Errorf("%+v: err = %v, want invalid", in, err)
			}
		}
		local, err := svc.CreateDept(ctx, p, deptIn("533401", "香格里拉市市场监督管理局", "MB0000011"))
		if err != nil {
			t.Fatal(err)
		}
		ded, err := svc.CreateWindow(ctx, p, gov.WindowInput{HallID: centre.ID, Number: "B01", Name: "市场监管专窗",
			Kind: gov.WindowDedicated, DeptIDs: []int64{local.ID, local.ID}})
		if err != nil || len(ded.DeptIDs) != 1 {
			t.Fatalf("dedicated window = %+v, %v", ded, err)
		}
		ws, err := svc.ListWindows(ctx, p, centre.ID)
		if err != nil || len(ws) != 2 || ws[1].ID != ded.ID || len(ws[1].DeptIDs) != 1 || ws[1].DeptIDs[0] != local.ID || len(ws[0].DeptIDs) != 0 {
			t.Fatalf("windows = %+v, %v", ws, err)
		}
		// A dept served by an open window stays enabled; a hall closes only once its windows have.
		_, err = svc.SetDeptActive(ctx, p, local.ID, local.Version, false, "")
		mustCode(t, err, errs.Conflict)
		_, err = svc.SetHallActive(ctx, p, centre.ID, centre.Version, false, "")
		mustCode(t, err, errs.Conflict)
		ded, err = svc.SetWindowActive(ctx, p, ded.ID, ded.Version, false, "窗口调整")
		if err != nil || ded.Active {
			t.Fatalf("close window: %+v, %v", ded, err)
		}
		if _, err := svc.SetDeptActive(ctx, p, local.ID, local.Version, false, "机构改革"); err != nil {
			t.Fatal(err)
		}
		_, err = svc.SetWindowActive(ctx, p, ded.ID, ded.Version, true, "")
		mustCode(t, err, errs.Conflict)
		// Retarget the window at another dept of the city: its list is replaced.
		police, err := svc.CreateDept(ctx, p, deptIn("533401", "香格里拉市公安局", "MB0000012"))
		if err != nil {
			t.Fatal(err)
		}
		ded, err = svc.UpdateWindow(ctx, p, ded.ID, ded.Version, gov.WindowInput{Number: "B01", Name: "公安户政专窗",
			Kind: gov.WindowDedicated, DeptIDs: []int64{police.ID}})
		if err != nil || ded.Version != 3 {
			t.Fatalf("update window: %+v, %v", ded, err)
		}
		got, _ := svc.GetWindow(ctx, p, ded.ID)
		if len(got.DeptIDs) != 1 || got.DeptIDs[0] != police.ID || got.Name != "公安户政专窗" {
			t.Fatalf("window after update = %+v", got)
		}
		_, err = svc.GetWindow(ctx, p, 999999)
		mustCode(t, err, errs.NotFound)

		for action, want := range map[string]int{"dept.create": 4, "dept.deactivate": 1, "hall.create": 1,
			"window.create": 2, "window.deactivate": 1, "window.update": 1} {
			if n := count(t, db, "SELECT COUNT(*) FROM audit_events WHERE action = ?", action); n != want {
				t.Errorf("%s events = %d, want %d", action, n, want)
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events WHERE object_type = 'window' AND object_id = ?", strconv.FormatInt(ded.ID, 10)); n != 3 {
			t.Errorf("events of window %d = %d, want 3", ded.ID, n)
		}
	})
}

func TestGovListDeptsPagesThroughSubtree(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		svc := gov.NewService(sqlstore.NewGovStore(db), nil)
		diqing(t, svc)
		p := admin("533400")
		for i, d := range []struct{ region, name string }{
			{"533400", "迪庆州公安局"}, {"533400", "迪庆州市场监督管理局"}, {"533401", "香格里拉市公安局"},
			{"533401", "香格里拉市市场监督管理局"}, {"533422", "德钦县公安局"}, {"533401101", "建塘镇人民政府"},
		} {
			if _, err := svc.CreateDept(ctx, p, deptIn(d.region, d.name, "MB00000"+string(rune('A'+i))+"1")); err != nil {
				t.Fatal(err)
			}
		}
		var names []string
		f := gov.ListFilter{Region: "533400", Limit: 4}
		for {
			pg, err := svc.ListDepts(ctx, p, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range pg.Items {
				names = append(names, d.Name)
			}
			if pg.Next == "" {
				break
			}
			f.After = pg.Next
		}
		if len(names) != 6 || names[0] != "迪庆州公安局" || names[5] != "德钦县公安局" {
			t.Fatalf("subtree of 533400 = %v", names)
		}
		pg, err := svc.ListDepts(ctx, p, gov.ListFilter{Region: "533401", Name: "公安"})
		if err != nil || len(pg.Items) != 1 || pg.Items[0].Name != "香格里拉市公安局" || pg.Next != "" {
			t.Fatalf("公安 in 533401 = %+v, %v", pg, err)
		}
		_, err = svc.ListDepts(ctx, p, gov.ListFilter{Region: "533400", After: "not-a-cursor"})
		mustCode(t, err, errs.Invalid)
	})
}

func TestGovImportRegionsIsIdempotent(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		svc := gov.NewService(sqlstore.NewGovStore(db), nil)
		rs, err := regiondata.Load()
		if err != nil {
			t.Fatal(err)
		}
		p := &access.Principal{AccountID: 1, Kind: "staff", Grants: []access.Grant{
			{Role: access.SysAdmin, Region: "330000"}, {Role: access.SysAdmin, Region: "420000"}, {Role: access.SysAdmin, Region: "530000"}}}
		// Reverse the order: the service imports parents first anyway.
		rev := make([]gov.Region, len(rs))
		for i, r := range rs {
			rev[len(rs)-1-i] = r
		}
		n, err := svc.ImportRegions(ctx, p, rev)
		if err != nil || n != len(rs) {
			t.Fatalf("import = %d, %v; want %d", n, err, len(rs))
		}
		if got := count(t, db, "SELECT COUNT(*) FROM audit_events WHERE action = 'region.import'"); got != len(rs) {
			t.Fatalf("import events = %d", got)
		}
		rs[0].Name = "浙江"
		if n, err := svc.ImportRegions(ctx, p, rs); err != nil || n != 1 {
			t.Fatalf("re-import with one rename = %d, %v", n, err)
		}
		if n, err := svc.ImportRegions(ctx, p, rs); err != nil || n != 0 {
			t.Fatalf("idempotent re-import = %d, %v", n, err)
		}
		if got := count(t, db, "SELECT COUNT(*) FROM audit_events"); got != len(rs)+1 {
			t.Fatalf("audit events = %d, want %d", got, len(rs)+1)
		}
		// A province admin cannot load another province.
		_, err = svc.ImportRegions(ctx, admin("530000"), rs)
		mustCode(t, err, errs.Forbidden)
		// A township whose county is neither stored nor imported is refused.
		_, err = svc.ImportRegions(ctx, p, []gov.Region{{Code: "530102999", Name: "某街道"}, {Code: "530199001", Name: "某镇"}})
		mustCode(t, err, errs.Invalid)
	})
}
