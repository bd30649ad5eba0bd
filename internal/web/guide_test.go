package web

import (
	"bytes"
	"html"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/catalogtest"
	"github.com/onewindow/onewindow/internal/guide"
	"github.com/onewindow/onewindow/internal/guide/guidetest"
	"github.com/onewindow/onewindow/internal/httpx/httpxtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

const (
	guideCode = "11533401MB0000011X1000-01" // published
	draftCode = "11533401MB0000011X1000-02" // never published
)

// guideSite serves the guide routes over a real catalog holding one
// published and one draft item of 香格里拉市市场监督管理局.
func guideSite(t *testing.T, db *sqlstore.DB, fonts guide.Options) *httptest.Server {
	t.Helper()
	dept := sqltest.MarketDept(t, db)
	svc := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	editor, publisher := catalogtest.Manager(101, "catalog1", "533400"), catalogtest.Manager(102, "catalog2", "533400")
	catalogtest.Publish(t, svc, editor, publisher, guidetest.Doc(guideCode, dept, "533401"))
	catalogtest.Draft(t, svc, editor, guidetest.Doc(draftCode, dept, "533401"))

	w, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.AddGuide(svc, sqlstore.NewGovStore(db), fonts)
	return httpxtest.Serve(t, w.Routes(), w.Error, nil)
}

// fetch GETs a path and returns the response with its body read.
func fetch(t *testing.T, srv *httptest.Server, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req := httpxtest.NewRequest(t, srv, "", "GET", path, nil, "")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return httpxtest.Do(t, srv, req)
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
		req := httpxtest.NewRequest(t, srv, "", "GET", "/items/"+guideCode, nil, "")
		req.AddCookie(&http.Cookie{Name: "ow_lang", Value: "en"})
		_, b := httpxtest.Do(t, srv, req)
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
