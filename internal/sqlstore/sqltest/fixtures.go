package sqltest

import (
	"context"
	"testing"

	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/validate"
)

// regionNames are the regions tests may insert: the demo prefecture's
// path from the province down, a neighbouring county and two townships.
var regionNames = map[string]string{
	"530000": "云南省", "530100": "昆明市", "533400": "迪庆藏族自治州", "533401": "香格里拉市",
	"533422": "德钦县", "533401001": "建塘镇", "533422101": "升平镇",
}

// Regions inserts the named regions in order, so a parent must come before
// its children. Level, parent and prefix come from validate, as the
// structure service would set them; only the codes in regionNames are
// known (a test asking for another fails at once).
func Regions(t testing.TB, db *sqlstore.DB, codes ...string) {
	t.Helper()
	for _, code := range codes {
		name, ok := regionNames[code]
		if !ok {
			t.Fatalf("sqltest.Regions: no name for region %s", code)
		}
		level, err := validate.RegionCode("region", code)
		if err != nil {
			t.Fatal(err)
		}
		var parent any
		if p := validate.RegionParent(code); p != "" {
			parent = p
		}
		if _, err := db.Exec(context.Background(), "INSERT INTO regions (code, name, level, parent_code, prefix, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)",
			code, name, level, parent, validate.RegionPrefix(code)); err != nil {
			t.Fatal(err)
		}
	}
}

// Dept inserts a department of region and returns its id. creditBody is
// the first 17 characters of its 统一社会信用代码; the check character is
// computed, so the code is valid.
func Dept(t testing.TB, db *sqlstore.DB, region, name, kind, creditBody string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.WriteTx(ctx, func(tx *sqlstore.Tx) (err error) {
		id, err = tx.InsertID(ctx, "INSERT INTO depts (region_code, name, credit_code, kind, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)",
			region, name, validate.MakeCreditCode(creditBody), kind)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// MarketDept inserts 云南省 › 迪庆藏族自治州 › 香格里拉市 and the city's
// market regulator, the department the catalog tests file their items
// under, and returns the department's id.
func MarketDept(t testing.TB, db *sqlstore.DB) int64 {
	t.Helper()
	Regions(t, db, "530000", "533400", "533401")
	return Dept(t, db, "533401", "香格里拉市市场监督管理局", "市场监管", "11533401MB0000011")
}
