package demo

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

func count(t *testing.T, db *sqlstore.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestLoadStructure(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		svc := gov.NewService(sqlstore.NewGovStore(db), nil)
		p := &access.Principal{AccountID: 1, Username: "demo", Kind: "staff",
			Grants: []access.Grant{{Role: access.SysAdmin, Region: "530000"}}}
		start := time.Now()
		st, err := LoadStructure(ctx, svc, p)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d regions, %d depts, %d halls, %d windows in %v", db.Engine, st.Regions, st.Depts, st.Halls, st.Windows, time.Since(start))

		// 1 province + 1 prefecture + 3 counties + 30 townships (12 + 8 + 10) + 10 villages.
		if st.Regions != 45 || count(t, db, "SELECT COUNT(*) FROM regions") != 45 {
			t.Errorf("regions = %d", st.Regions)
		}
		if len(st.Counties) != 3 || st.Counties[0] != "533401" || st.Counties[2] != "533423" {
			t.Errorf("counties = %v", st.Counties)
		}
		// 37 prefecture depts and 23 in each county.
		if st.Depts != 37+3*23 || count(t, db, "SELECT COUNT(*) FROM depts") != st.Depts {
			t.Errorf("depts = %d", st.Depts)
		}
		// The prefecture and 3 county centres, 29 townships (not the development zone 533401501), 10 villages.
		if st.Halls != 1+3+29+10 || count(t, db, "SELECT COUNT(*) FROM halls") != st.Halls {
			t.Errorf("halls = %d", st.Halls)
		}
		if st.Windows != 14+3*8+29*2+10 || count(t, db, "SELECT COUNT(*) FROM windows") != st.Windows {
			t.Errorf("windows = %d", st.Windows)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM halls WHERE kind = 'station'"); n != 10 {
			t.Errorf("village stations = %d", n)
		}

		samr, err := svc.GetDept(ctx, p, st.SAMRDeptID)
		if err != nil || samr.Name != "迪庆州市场监督管理局" || samr.RegionCode != "533400" || samr.Kind != "市场监管" {
			t.Errorf("SAMR = %+v, %v", samr, err)
		}
		gs, err := svc.GetDept(ctx, p, st.GovServiceID)
		if err != nil || gs.Name != "迪庆州政务服务管理局" {
			t.Errorf("政务服务管理局 = %+v, %v", gs, err)
		}
		centre, err := svc.GetHall(ctx, p, st.CentreHallID)
		if err != nil || centre.Name != "迪庆州政务服务中心" || centre.RegionCode != "533400" {
			t.Errorf("centre = %+v, %v", centre, err)
		}
		w, err := svc.GetWindow(ctx, p, st.GeneralWindowID)
		if err != nil || w.HallID != st.CentreHallID || w.Number != "A01" || w.Kind != gov.WindowGeneral {
			t.Errorf("general window = %+v, %v", w, err)
		}
		ws, _ := svc.ListWindows(ctx, p, st.CentreHallID)
		dedicated := 0
		for _, w := range ws {
			if w.Kind == gov.WindowDedicated {
				dedicated++
				if w.Number == "B01" && (len(w.DeptIDs) != 1 || w.DeptIDs[0] != st.SAMRDeptID) {
					t.Errorf("市场监管专窗 = %+v", w)
				}
			}
		}
		if dedicated != 6 {
			t.Errorf("dedicated windows at the centre = %d", dedicated)
		}

		// Every credit code passes GB 32100 strictly, and every dept type is a standard one.
		pg, err := svc.ListDepts(ctx, p, gov.ListFilter{Region: "533400", Limit: 500})
		if err != nil || len(pg.Items) != st.Depts {
			t.Fatalf("list depts = %d, %v", len(pg.Items), err)
		}
		kinds := map[string]bool{}
		for _, k := range gov.DeptKinds {
			kinds[k] = true
		}
		for _, d := range pg.Items {
			if _, err := validate.CreditCode("credit_code", d.CreditCode); err != nil {
				t.Errorf("%s: %s: %v", d.Name, d.CreditCode, err)
			}
			if !kinds[d.Kind] {
				t.Errorf("%s: kind %q is not in gov.DeptKinds", d.Name, d.Kind)
			}
		}

		// A second run changes nothing and returns the same ids.
		events := count(t, db, "SELECT COUNT(*) FROM audit_events")
		again, err := LoadStructure(ctx, svc, p)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again, st) {
			t.Errorf("second run returned %+v, first %+v", again, st)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events"); n != events {
			t.Errorf("second run wrote %d audit events", n-events)
		}
	})
}

func TestOrgCheck(t *testing.T) {
	// Published examples of GB 11714 organisation codes.
	for body, want := range map[string]byte{"D2143569": 'X', "12345678": '8'} {
		if got := orgCheck(body); got != want {
			t.Errorf("orgCheck(%s) = %c, want %c", body, got, want)
		}
	}
}
