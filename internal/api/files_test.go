package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/api"
	"github.com/onewindow/onewindow/internal/files"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/httpx/httpxtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

type filesAPI struct {
	t   *testing.T
	srv *httptest.Server
}

// newFilesAPI serves the file operations over a real store with accounts
// owner, other and clerk; maxSize 0 keeps the default. allow is the
// download hook.
func newFilesAPI(t *testing.T, db *sqlstore.DB, maxSize int64, allow api.FileAccess) *filesAPI {
	t.Helper()
	ctx := context.Background()
	principals := map[string]*access.Principal{}
	for _, u := range []string{"owner", "other", "clerk"} {
		var id int64
		err := db.WriteTx(ctx, func(tx *sqlstore.Tx) (err error) {
			id, err = tx.InsertID(ctx, `INSERT INTO accounts (username, kind, name, password_hash, password_at, created_at, updated_at)
				VALUES (?, 'person', ?, 'x', 0, 0, 0)`, "files-"+u, u)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		principals[u] = httpxtest.Person(id, u)
	}
	principals["clerk"] = httpxtest.Staff(principals["clerk"].AccountID, "clerk", access.Clerk, "533400")
	svc := files.NewService(sqlstore.NewFileStore(db), nil)
	if maxSize > 0 {
		svc.MaxSize = maxSize
	}
	a := api.New()
	a.AddFiles(svc, allow)
	return &filesAPI{t: t, srv: httpxtest.Serve(t, a.Routes(), httpx.WriteProblem, principals)}
}

// part is one field of an upload form.
type part struct {
	name, fileName, contentType string
	data                        []byte
}

func multipartBody(t *testing.T, parts ...part) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		if p.fileName != "" {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, p.name, p.fileName))
		} else {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q`, p.name))
		}
		if p.contentType != "" {
			h.Set("Content-Type", p.contentType)
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &b, mw.FormDataContentType()
}

func (f *filesAPI) upload(as string, parts ...part) reply {
	f.t.Helper()
	body, ctype := multipartBody(f.t, parts...)
	return f.send(httpxtest.NewRequest(f.t, f.srv, as, http.MethodPost, "/api/v1/files", body, ctype))
}

func (f *filesAPI) send(req *http.Request) reply {
	f.t.Helper()
	res, raw := httpxtest.Do(f.t, f.srv, req)
	out := reply{Status: res.StatusCode, Raw: string(raw)}
	json.Unmarshal(raw, &out.Body)
	return out
}

func (f *filesAPI) download(as, id string) (*http.Response, []byte) {
	f.t.Helper()
	return httpxtest.Do(f.t, f.srv, httpxtest.NewRequest(f.t, f.srv, as, http.MethodGet, "/api/v1/files/"+id, nil, ""))
}

func testPNG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func wantProblem(t *testing.T, r reply, status int, detail string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Raw)
	}
	if d, _ := r.Body["detail"].(string); !strings.Contains(d, detail) {
		t.Fatalf("detail %q, want %q", d, detail)
	}
}

func TestFilesUploadAndDownload(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFilesAPI(t, db, 0, nil)
		img := testPNG(t)
		r := f.upload("owner", part{"file", `C:\scans\身份证 正面;"1".png`, "image/png", img})
		if r.Status != http.StatusCreated {
			t.Fatalf("upload: %d %s", r.Status, r.Raw)
		}
		id, _ := r.Body["id"].(string)
		if !files.ValidID(id) || r.Body["content_type"] != files.PNG || r.Body["name"] != `身份证 正面;"1".png` ||
			r.Body["size"] != float64(len(img)) || len(r.Body["sm3"].(string)) != 64 || r.Body["case_id"] != float64(0) {
			t.Fatalf("upload answer: %s", r.Raw)
		}

		res, body := f.download("owner", id)
		if res.StatusCode != http.StatusOK || !bytes.Equal(body, img) {
			t.Fatalf("download: %d, %d bytes", res.StatusCode, len(body))
		}
		h := res.Header
		wantCD := `attachment; filename="file-` + id[:8] + `.png"; filename*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81%20%E6%AD%A3%E9%9D%A2%3B%221%22.png`
		if h.Get("Content-Type") != files.PNG || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Content-Disposition") != wantCD || !strings.Contains(h.Get("Cache-Control"), "no-store") {
			t.Fatalf("download headers: %v", h)
		}

		// Nobody else sees it, and cannot tell it exists.
		res, body = f.download("other", id)
		if res.StatusCode != http.StatusNotFound || bytes.Contains(body, img[:8]) {
			t.Fatalf("another applicant's download: %d %s", res.StatusCode, body)
		}
		if res, _ = f.download("", id); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("anonymous download: %d", res.StatusCode)
		}
		missing, refusal := f.send(httpxtest.NewRequest(t, f.srv, "owner", http.MethodGet, "/api/v1/files/"+strings.Repeat("0", 32), nil, "")),
			f.send(httpxtest.NewRequest(t, f.srv, "other", http.MethodGet, "/api/v1/files/"+id, nil, ""))
		if missing.Status != http.StatusNotFound || missing.Raw != strings.Replace(refusal.Raw, id, strings.Repeat("0", 32), 1) {
			t.Fatalf("a missing file (%s) must look like a refused one (%s)", missing.Raw, refusal.Raw)
		}
		if res, _ = f.download("owner", "x"); res.StatusCode != http.StatusNotFound {
			t.Fatalf("malformed id: %d", res.StatusCode)
		}

		// An ASCII name is its own fallback.
		r = f.upload("other", part{"type", "", "", []byte("pdf")}, part{"file", "scan.pdf", "", []byte(minimalPDFForAPI)})
		if r.Status != http.StatusCreated {
			t.Fatalf("upload pdf: %s", r.Raw)
		}
		res, _ = f.download("other", r.Body["id"].(string))
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="scan.pdf"; filename*=UTF-8''scan.pdf` {
			t.Errorf("Content-Disposition %q", cd)
		}
	})
}

const minimalPDFForAPI = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

func TestFilesUploadRefusals(t *testing.T) {
	db := sqltest.Open(t, sqlstore.SQLite)
	f := newFilesAPI(t, db, 1000, nil)
	img := testPNG(t)
	pdf := []byte(minimalPDFForAPI)

	wantProblem(t, f.upload("", part{"file", "a.png", "", img}), http.StatusUnauthorized, "请先登录")
	wantProblem(t, f.upload("owner", part{"file", "a.pdf", "", []byte("only text\n")}), http.StatusUnprocessableEntity,
		"只能上传 PDF、JPEG、PNG 或 OFD 文件，此文件是文本文件")
	wantProblem(t, f.upload("owner", part{"file", "a.pdf", "", nil}), http.StatusUnprocessableEntity, "上传的文件是空的")
	wantProblem(t, f.upload("owner", part{"note", "", "", []byte("x")}), http.StatusUnprocessableEntity, "请在 file 字段上传文件")
	wantProblem(t, f.upload("owner", part{"file", "a.png", "", img}, part{"file", "b.png", "", img}),
		http.StatusUnprocessableEntity, "一次只能上传一个文件")

	// The stated type, in the type field (before or after the file) or as
	// the part's Content-Type, must agree with the content.
	mismatch := "文件内容是 PNG 图片，与声明的类型 PDF 不符"
	wantProblem(t, f.upload("owner", part{"type", "", "", []byte("application/pdf")}, part{"file", "a.pdf", "", img}), http.StatusBadRequest, mismatch)
	wantProblem(t, f.upload("owner", part{"file", "a.pdf", "", img}, part{"type", "", "", []byte("pdf")}), http.StatusBadRequest, mismatch)
	wantProblem(t, f.upload("owner", part{"file", "a.pdf", "application/pdf", img}), http.StatusBadRequest, mismatch)
	if r := f.upload("owner", part{"file", "a.png", "application/octet-stream", img}); r.Status != http.StatusCreated {
		t.Fatalf("octet-stream states nothing: %s", r.Raw)
	}

	// Size: the service's limit, then the request's.
	big := append(append([]byte{}, pdf...), bytes.Repeat([]byte{'\n'}, 1001-len(pdf))...)
	wantProblem(t, f.upload("owner", part{"file", "a.pdf", "", big}), http.StatusRequestEntityTooLarge, "文件不能超过 1000 字节")
	huge := bytes.Repeat([]byte{'\n'}, 2<<20)
	wantProblem(t, f.upload("owner", part{"file", "a.pdf", "", huge}), http.StatusRequestEntityTooLarge, "文件不能超过 1000 字节")
	body, ctype := multipartBody(t, part{"file", "a.pdf", "", huge})
	req := httpxtest.NewRequest(t, f.srv, "owner", http.MethodPost, "/api/v1/files", io.MultiReader(body), ctype)
	if r := f.send(req); r.Status != http.StatusRequestEntityTooLarge { // chunked: no length to check first
		t.Fatalf("chunked oversize: %d %s", r.Status, r.Raw)
	}

	req = httpxtest.NewRequest(t, f.srv, "owner", http.MethodPost, "/api/v1/files", bytes.NewReader(pdf), "application/pdf")
	wantProblem(t, f.send(req), http.StatusBadRequest, "multipart/form-data")
	req = httpxtest.NewRequest(t, f.srv, "owner", http.MethodPost, "/api/v1/files", strings.NewReader("--x\r\nbroken"), "multipart/form-data; boundary=x")
	wantProblem(t, f.send(req), http.StatusBadRequest, "multipart")

	var n int
	if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM files").Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d files stored (%v); only the octet-stream upload should be", n, err)
	}
}

func TestFilesDownloadHook(t *testing.T) {
	db := sqltest.Open(t, sqlstore.SQLite)
	var asked files.File
	f := newFilesAPI(t, db, 0, func(_ context.Context, p *access.Principal, file files.File) bool {
		asked = file
		return p.Has(access.Permission("case.review")) || p.Username == "clerk"
	})
	r := f.upload("owner", part{"file", "a.png", "", testPNG(t)})
	id, _ := r.Body["id"].(string)
	if res, _ := f.download("clerk", id); res.StatusCode != http.StatusOK || asked.ID != id {
		t.Fatalf("clerk admitted by the hook: %d (asked about %q)", res.StatusCode, asked.ID)
	}
	if res, _ := f.download("other", id); res.StatusCode != http.StatusNotFound {
		t.Fatalf("other refused by the hook: %d", res.StatusCode)
	}
}

func TestFilesOpenAPI(t *testing.T) {
	a := api.New()
	a.AddFiles(files.NewService(nil, nil), nil)
	doc, err := json.Marshal(a.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	var o struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]struct {
					Schema struct {
						Required   []string                  `json:"required"`
						Properties map[string]map[string]any `json:"properties"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
			Responses map[string]struct {
				Content map[string]any `json:"content"`
			} `json:"responses"`
			Security []any `json:"security"`
		} `json:"paths"`
	}
	json.Unmarshal(doc, &o)
	post := o.Paths["/api/v1/files"]["post"]
	form := post.RequestBody.Content["multipart/form-data"].Schema
	if form.Properties["file"]["format"] != "binary" || form.Properties["type"] == nil || len(form.Required) != 1 || len(post.Security) == 0 {
		t.Errorf("upload documented as %+v", post)
	}
	if _, ok := post.Responses["201"]; !ok {
		t.Errorf("upload responses: %v", post.Responses)
	}
	get := o.Paths["/api/v1/files/{id}"]["get"]
	if _, ok := get.Responses["200"].Content[files.OFD]; !ok {
		t.Errorf("download responses: %+v", get.Responses)
	}
}
