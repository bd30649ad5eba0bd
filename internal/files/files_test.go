package files_test

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/files"
)

// minimalPDF is a complete one-page PDF.
const minimalPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n" +
	"trailer<</Root 1 0 R>>\n%%EOF\n"

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// zipBytes builds a ZIP archive holding the named entries.
func zipBytes(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>`))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func ofdBytes(t *testing.T) []byte {
	return zipBytes(t, "OFD.xml", "Doc_0/Document.xml", "Doc_0/Pages/Page_0/Content.xml")
}

func TestSniff(t *testing.T) {
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	cases := []struct {
		name string
		data []byte
		want string // content type, or a part of the refusal
	}{
		{"pdf", []byte(minimalPDF), files.PDF},
		{"jpeg", jpegBytes(t), files.JPEG},
		{"png", pngBytes(t), files.PNG},
		{"ofd", ofdBytes(t), files.OFD},
		{"zip without OFD.xml", zipBytes(t, "readme.txt"), "ZIP 压缩包（不是 OFD 文件）"},
		{"OFD.xml not at the root", zipBytes(t, "Doc_0/OFD.xml"), "ZIP 压缩包"},
		{"zip magic, no archive", []byte("PK\x03\x04 truncated"), "已损坏"},
		{"docx", zipBytes(t, "[Content_Types].xml", "word/document.xml"), "Word 文档"},
		{"text", []byte("这不是 PDF，只是改了扩展名\n"), "文本文件"},
		{"gif", gif, "GIF 图片"},
		{"heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), "HEIC"},
		{"binary", []byte{0x00, 0x01, 0x02, 0xFE}, "无法识别"},
		{"pdf magic later", []byte("  %PDF-1.4"), "文本文件"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := files.Sniff(c.data)
			typ, err := files.Detect(c.data)
			if strings.Contains(c.want, "/") {
				if !ok || got != c.want || typ != c.want || err != nil {
					t.Fatalf("Sniff = %q %v, Detect = %q %v; want %s", got, ok, typ, err, c.want)
				}
				return
			}
			if ok || err == nil {
				t.Fatalf("Sniff = %q %v, Detect = %q; want refused", got, ok, typ)
			}
			msg := errs.MessageOf(err)
			if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != "file" ||
				!strings.HasPrefix(msg, "只能上传 PDF、JPEG、PNG 或 OFD 文件，") || !strings.Contains(msg, c.want) {
				t.Fatalf("err = %v; want invalid file naming %q", err, c.want)
			}
		})
	}
}

func TestCheckClaim(t *testing.T) {
	ok := []struct{ typ, claimed string }{
		{files.PDF, ""}, {files.PDF, "application/octet-stream"}, {files.PDF, "PDF"}, {files.PDF, "application/pdf"},
		{files.JPEG, "image/jpg"}, {files.JPEG, "image/jpeg; charset=binary"}, {files.JPEG, "jpg"},
		{files.PNG, "image/png"}, {files.OFD, "ofd"}, {files.OFD, "application/zip"},
	}
	for _, c := range ok {
		if err := files.CheckClaim(c.typ, c.claimed); err != nil {
			t.Errorf("CheckClaim(%s, %q) = %v", c.typ, c.claimed, err)
		}
	}
	bad := []struct{ typ, claimed, msg string }{
		{files.PNG, "application/pdf", "文件内容是 PNG 图片，与声明的类型 PDF 不符"},
		{files.PDF, "jpeg", "文件内容是 PDF 文档，与声明的类型 JPEG 不符"},
		{files.PDF, "application/zip", "文件内容是 PDF 文档，与声明的类型 ZIP 不符"},
		{files.PDF, "text/plain", "文件内容是 PDF 文档，与声明的类型 text/plain 不符"},
	}
	for _, c := range bad {
		err := files.CheckClaim(c.typ, c.claimed)
		if errs.CodeOf(err) != errs.Malformed || errs.Status(errs.CodeOf(err)) != http.StatusBadRequest ||
			errs.FieldOf(err) != "type" || errs.MessageOf(err) != c.msg {
			t.Errorf("CheckClaim(%s, %q) = %v; want 400 %q", c.typ, c.claimed, err, c.msg)
		}
	}
}

func TestCleanName(t *testing.T) {
	long := strings.Repeat("营", 120) + ".pdf"
	cases := []struct{ in, typ, want string }{
		{"营业执照.pdf", files.PDF, "营业执照.pdf"},
		{`C:\fakepath\身份证 正面.jpg`, files.JPEG, "身份证 正面.jpg"},
		{"../../etc/passwd", files.PDF, "passwd"},
		{"a\x00b\r\nc.png", files.PNG, "abc.png"},
		{"invoice\u202Efdp.exe", files.PDF, "invoicefdp.exe"},
		{"  ..  ", files.OFD, "未命名.ofd"},
		{"dir/", files.PNG, "未命名.png"},
		{"\xff\xfe名.pdf", files.PDF, "名.pdf"},
		{long, files.PDF, strings.Repeat("营", 96) + ".pdf"},
	}
	for _, c := range cases {
		got := files.CleanName(c.in, c.typ)
		if got != c.want {
			t.Errorf("CleanName(%q) = %q; want %q", c.in, got, c.want)
		}
		if n := utf8.RuneCountInString(got); n > files.MaxNameRunes {
			t.Errorf("CleanName(%q) has %d runes", c.in, n)
		}
	}
}

// memStore keeps files in memory and the events written with them.
type memStore struct {
	files map[string]files.File
	data  map[string][]byte
	evs   []audit.Event
}

func newMemStore() *memStore {
	return &memStore{files: map[string]files.File{}, data: map[string][]byte{}}
}

func (m *memStore) PutFile(_ context.Context, f files.File, data []byte, evs ...audit.Event) error {
	m.files[f.ID], m.data[f.ID] = f, data
	m.evs = append(m.evs, evs...)
	return nil
}

func (m *memStore) File(_ context.Context, id string) (files.File, error) {
	f, ok := m.files[id]
	if !ok {
		return files.File{}, errs.E(errs.NotFound, "文件不存在")
	}
	return f, nil
}

func (m *memStore) FileData(ctx context.Context, id string) (files.File, []byte, error) {
	f, err := m.File(ctx, id)
	return f, m.data[id], err
}

var citizen = &access.Principal{AccountID: 7, Username: "citizen1", Kind: "person", Grants: []access.Grant{{Role: access.Applicant}}}

func TestUpload(t *testing.T) {
	ctx := audit.WithActor(context.Background(), audit.Actor{ID: 7, Name: "citizen1", Role: "applicant", IP: "192.0.2.1"})
	st := newMemStore()
	svc := files.NewService(st, nil)
	if svc.MaxSize != files.DefaultMaxSize {
		t.Fatalf("MaxSize = %d", svc.MaxSize)
	}
	img := pngBytes(t)
	f, err := svc.Upload(ctx, citizen, "C:\\照片\\户口本.pdf", "", bytes.NewReader(img))
	if err != nil {
		t.Fatal(err)
	}
	if !files.ValidID(f.ID) || f.OwnerID != 7 || f.CaseID != 0 || f.Name != "户口本.pdf" || f.ContentType != files.PNG ||
		f.Size != int64(len(img)) || len(f.SM3) != 64 || f.CreatedAt.IsZero() {
		t.Fatalf("file = %+v", f)
	}
	if !f.OwnedBy(citizen) || f.OwnedBy(nil) || f.OwnedBy(&access.Principal{AccountID: 8}) {
		t.Error("OwnedBy is wrong")
	}
	got, data, err := svc.Open(ctx, f.ID)
	if err != nil || got != f || !bytes.Equal(data, img) {
		t.Fatalf("Open = %+v, %d bytes, %v", got, len(data), err)
	}
	if len(st.evs) != 1 {
		t.Fatalf("%d events", len(st.evs))
	}
	ev := st.evs[0]
	if ev.Action != "file.upload" || ev.ObjectType != "file" || ev.ObjectID != f.ID || ev.ActorID != 7 ||
		!strings.Contains(ev.After, f.SM3) || !strings.Contains(ev.After, `"content_type":"image/png"`) || ev.Before != "" {
		t.Fatalf("event = %+v", ev)
	}
	if len(ev.After) > 300 {
		t.Errorf("the event holds more than metadata: %s", ev.After)
	}

	// A second upload of the same content is another file.
	g, err := svc.Upload(ctx, citizen, "again.png", "image/png", bytes.NewReader(img))
	if err != nil || g.ID == f.ID || g.SM3 != f.SM3 {
		t.Fatalf("second upload = %+v, %v", g, err)
	}

	for _, id := range []string{"", "nope", strings.ToUpper(f.ID), f.ID + "0"} {
		if _, err := svc.Get(ctx, id); !errs.Is(err, errs.NotFound) {
			t.Errorf("Get(%q) = %v; want not found", id, err)
		}
	}
	if _, err := svc.Get(ctx, strings.Repeat("0", 32)); !errs.Is(err, errs.NotFound) {
		t.Errorf("Get of a missing file = %v", err)
	}
}

func TestUploadRefusals(t *testing.T) {
	ctx := context.Background()
	st := newMemStore()
	svc := files.NewService(st, nil)
	svc.MaxSize = 1000
	pdf := []byte(minimalPDF)
	pdf = append(pdf, bytes.Repeat([]byte{'\n'}, 1000-len(pdf))...)
	cases := []struct {
		name, fileName, claimed string
		data                    []byte
		code                    errs.Code
		msg                     string
	}{
		{"exactly the limit", "a.pdf", "", pdf, "", ""},
		{"one byte over", "a.pdf", "", append(pdf, '\n'), errs.TooLarge, "文件不能超过 1000 字节"},
		{"empty", "a.pdf", "", nil, errs.Invalid, "上传的文件是空的"},
		{"text renamed .pdf", "材料.pdf", "application/pdf", []byte("hello"), errs.Invalid, "只能上传 PDF、JPEG、PNG 或 OFD 文件，此文件是文本文件"},
		{"zip without OFD.xml", "材料.ofd", "", zipBytes(t, "a.xml"), errs.Invalid, "ZIP 压缩包（不是 OFD 文件）"},
		{"claimed pdf, content png", "a.pdf", "application/pdf", pngBytes(t), errs.Malformed, "文件内容是 PNG 图片，与声明的类型 PDF 不符"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := len(st.files)
			_, err := svc.Upload(ctx, citizen, c.fileName, c.claimed, bytes.NewReader(c.data))
			if errs.CodeOf(err) != c.code || (c.msg != "" && !strings.Contains(errs.MessageOf(err), c.msg)) {
				t.Fatalf("err = %v; want %s %q", err, c.code, c.msg)
			}
			if c.code != "" && len(st.files) != n {
				t.Fatal("a refused file was stored")
			}
		})
	}
	svc.MaxSize = 20 << 20
	if _, err := svc.Upload(ctx, citizen, "a.pdf", "", strings.NewReader(strings.Repeat("x", 20<<20+1))); errs.MessageOf(err) != "文件不能超过 20 MB" {
		t.Errorf("too large: %v", err)
	}
	if _, err := svc.Upload(ctx, nil, "a.pdf", "", bytes.NewReader(pdf)); !errs.Is(err, errs.Unauthorized) {
		t.Errorf("anonymous upload: %v", err)
	}
}
