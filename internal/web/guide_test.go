package web

import (
	"bytes"
	"context"
	"html"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/guide"
	"github.com/onewindow/onewindow/internal/guide/guidetest"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

const (
	guideCode = "11533401MB0000011X1000-01" // published
	draftCode = "11533401MB0000011X1000-02" // never published
)

// guideSite serves the guide routes over a real catalog holding one
// published and one draft item of 香格里拉市市场监督管理局.
func guideSite(t *testing.T, db *sqlstore.DB, fonts guide.Options) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	for _, r := range [][3]string{{"530000", "云南省", ""}, {"533400", "迪庆藏族自治州", "530000"}, {"533401", "香格里拉市", "533400"}} {
		level, _ := validate.RegionCode("region", r[0])
		var parent any
		if r[2] != "" {
			parent = r[2]
		}
		if _, err := db.Exec(ctx, "INSERT INTO regions (code, name, level, parent_code, prefix, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)",
			r[0], r[1], level, parent, validate.RegionPrefix(r[0])); err != nil {
			t.Fatal(err)
		}
	}
	var dept int64
	err := db.WriteTx(ctx, func(tx *sqlstore.Tx) error {
		var err error
		dept, err = tx.InsertID(ctx, "INSERT INTO depts (region_code, name, credit_code, kind, created_at, updated_at) VALUES ('533401', '香格里拉市市场监督管理局', ?, '市场监管', 0, 0)",
			validate.MakeCreditCode("11533401MB0000011"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	manager := func(id int64, name string) *access.Principal {
		return &access.Principal{AccountID: id, Username: name, Kind: "staff",
			Grants: []access.Grant{{Role: access.CatalogManager, Region: "533400"}}}
	}
	editor, publisher := manager(101, "catalog1"), manager(102, "catalog2")
	it, err := svc.Create(ctx, editor, guidetest.Doc(guideCode, dept, "533401"), false, "新建")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(ctx, publisher, guideCode, it.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Create(ctx, editor, guidetest.Doc(draftCode, dept, "533401"), false, "草稿"); err != nil {
		t.Fatal(err)
	}

	w, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.AddGuide(svc, sqlstore.NewGovStore(db), fonts)
	mux := http.NewServeMux()
	for _, rt := range w.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, httpx.Guard(rt.Perm, w.Error, rt.Handler))
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// fetch GETs a path and returns the response with its body read.
func fetch(t *testing.T, srv *httptest.Server, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

func TestGuidePagePDFAndQR(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		srv := guideSite(t, db, guide.Options{})
		host := strings.TrimPrefix(srv.URL, "http://")

		res, b := fetch(t, srv, "/items/"+guideCode)
		body := html.UnescapeString(string(b))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("page status %d:\n%s", res.StatusCode, body)
		}
		want := append([]string{guidetest.Name, guidetest.FeeStandard, guidetest.ConsultPhone, "香格里拉市市场监督管理局",
			"香格里拉市（533401）", guideCode, "会签", "审查人员", "许可证有效期多长？", `src="data:image/png;base64,`,
			`href="/items/` + guideCode + `/guide.pdf"`, `href="/login?next=%2Fitems%2F` + guideCode + `"`,
			`href="tel:0887-8221234"`, "http://" + host + "/items/" + guideCode}, guidetest.MaterialNames...)
		for _, s := range want {
			if !strings.Contains(body, s) {
				t.Errorf("guide page lacks %q", s)
			}
		}

		// Behind a TLS-terminating proxy the printed address is https.
		_, b = fetch(t, srv, "/items/"+strings.ToLower(guideCode), "X-Forwarded-Proto", "https")
		if !strings.Contains(string(b), "https://"+host+"/items/"+guideCode) {
			t.Error("X-Forwarded-Proto: https does not make the guide's address https")
		}

		res, b = fetch(t, srv, "/items/"+guideCode+"/qr.png")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("qr: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if img, err := png.Decode(bytes.NewReader(b)); err != nil || img.Bounds().Dx() < 64 {
			t.Fatalf("qr is not a usable PNG: %v", err)
		}

		if _, err := os.Stat(guide.DefaultFont); err != nil && os.Getenv("CI") != "true" {
			t.Logf("PDF not checked: %v (apt-get install fonts-droid-fallback)", err)
		} else {
			res, b = fetch(t, srv, "/items/"+guideCode+"/guide.pdf")
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Fatalf("pdf: %d %s %q", res.StatusCode, res.Header.Get("Content-Type"), b[:min(len(b), 40)])
			}
			cd := res.Header.Get("Content-Disposition")
			if !strings.HasPrefix(cd, `attachment; filename="`+guideCode+`.pdf"`) ||
				!strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape(guidetest.Name+" 办事指南.pdf")) {
				t.Errorf("Content-Disposition = %s", cd)
			}
		}

		for _, code := range []string{draftCode, "NO-SUCH-ITEM"} {
			for _, suffix := range []string{"", "/guide.pdf", "/qr.png"} {
				res, b := fetch(t, srv, "/items/"+code+suffix)
				if res.StatusCode != http.StatusNotFound || !strings.Contains(string(b), "不存在或已停止办理") {
					t.Errorf("/items/%s%s: status %d, want the 404 page", code, suffix, res.StatusCode)
				}
			}
		}
	})
}

// Without its font the PDF is a 503 page that says what to install; the
// guide page itself still works.
func TestGuidePDFWithoutFont(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		srv := guideSite(t, db, guide.Options{FontPath: t.TempDir() + "/missing.ttf"})
		res, b := fetch(t, srv, "/items/"+guideCode+"/guide.pdf")
		if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), "fonts-droid-fallback") {
			t.Errorf("pdf without font: %d\n%s", res.StatusCode, b)
		}
		if res, _ := fetch(t, srv, "/items/"+guideCode); res.StatusCode != http.StatusOK {
			t.Errorf("page without font: %d", res.StatusCode)
		}
	})
}

// The English page translates the guide's labels; the content stays Chinese.
func TestGuidePageEnglish(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		srv := guideSite(t, db, guide.Options{})
		req, _ := http.NewRequest("GET", srv.URL+"/items/"+guideCode, nil)
		req.AddCookie(&http.Cookie{Name: "ow_lang", Value: "en"})
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		body := html.UnescapeString(string(b))
		for _, s := range []string{"Service guide", "Materials", "Implementation code", "Promised time", guidetest.Name} {
			if !strings.Contains(body, s) {
				t.Errorf("English guide lacks %q", s)
			}
		}
	})
}

// Every label the guide package gives a fact or figure has English.
func TestGuideLabelsHaveEnglish(t *testing.T) {
	d := guidetest.Doc(guideCode, 1, "533401")
	d.ParentCode = "11533401MB0000011X1000"
	g := guide.New(catalog.Item{Doc: d}, "", "")
	for _, f := range append(g.Facts, g.Figures...) {
		if _, ok := english[f.Label]; !ok {
			t.Errorf("no English for the guide label %q", f.Label)
		}
	}
}
