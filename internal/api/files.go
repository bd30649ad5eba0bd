package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/files"
	"github.com/onewindow/onewindow/internal/httpx"
)

// FileAccess says whether p may download f although p did not upload it
// (for example staff who may see the case f is attached to). The owner
// may always download.
type FileAccess func(ctx context.Context, p *access.Principal, f files.File) bool

// UploadBodyLimit is the largest upload request accepted: the largest
// file and 1 MiB for the form around it. The app's outer body limit must
// let POST /api/v1/files through up to this size.
func UploadBodyLimit(svc *files.Service) int64 { return svc.MaxSize + 1<<20 }

type fileUploadIn struct {
	ContentType string `header:"Content-Type"`
	RawBody     []byte `contentType:"multipart/form-data"`
}

type fileUploadOut struct{ Body files.File }

type fileIDIn struct {
	ID string `path:"id" maxLength:"64" doc:"文件编号（32 位十六进制）"`
}

type fileDownloadOut struct {
	ContentType  string `header:"Content-Type"`
	Disposition  string `header:"Content-Disposition"`
	NoSniff      string `header:"X-Content-Type-Options"`
	CacheControl string `header:"Cache-Control"`
	Body         []byte
}

// AddFiles registers the upload of case materials (申请材料) and their
// download. Any logged-in account may upload; a file is downloaded by its
// owner or by whoever allow admits (nil: the owner only). Set
// svc.MaxSize before calling: the request limit is derived from it.
func (a *API) AddFiles(svc *files.Service, allow FileAccess) {
	tags := []string{"申请材料"}
	limit := UploadBodyLimit(svc)
	register(a, access.Authenticated, huma.Operation{
		OperationID: "upload-file", Method: http.MethodPost, Path: "/api/v1/files", Tags: tags,
		Summary: "上传申请材料文件",
		Description: "multipart/form-data：file 字段为文件本身，可选的 type 字段声明类型（application/pdf、image/jpeg、" +
			"image/png、application/ofd，或 pdf、jpeg、png、ofd）。只接受 PDF、JPEG、PNG 和 OFD 文件，类型按文件内容识别，" +
			"与文件名无关；声明的类型（type 字段，或未填时 file 部分的 Content-Type）与内容不符时返回 400。" +
			"文件不能为空，不能超过 " + files.SizeText(svc.MaxSize) + "（超过时返回 413）。" +
			"返回的 id 在提交办件时填入材料；提交前文件只有上传者本人能下载。",
		DefaultStatus: http.StatusCreated,
		MaxBodyBytes:  limit,
		Middlewares:   huma.Middlewares{refuseLarger(limit, svc.MaxSize)},
	}, func(ctx context.Context, in *fileUploadIn) (*fileUploadOut, error) {
		up, err := readUpload(in.ContentType, in.RawBody)
		if err != nil {
			return nil, err
		}
		f, err := svc.Upload(ctx, principal(ctx), up.name, up.claimed, up.content)
		if err != nil {
			return nil, err
		}
		return &fileUploadOut{Body: f}, nil
	})
	documentUpload(a.huma)
	register(a, access.Authenticated, huma.Operation{
		OperationID: "download-file", Method: http.MethodGet, Path: "/api/v1/files/{id}", Tags: tags,
		Summary:     "下载申请材料文件",
		Description: "返回文件内容，Content-Type 为识别出的类型，以附件方式下载。上传者本人（以及获准查看其所附办件的人员）可以下载；其他人返回 404。",
		Responses: map[string]*huma.Response{"200": {Description: "文件内容", Content: map[string]*huma.MediaType{
			files.PDF: {Schema: binarySchema()}, files.JPEG: {Schema: binarySchema()},
			files.PNG: {Schema: binarySchema()}, files.OFD: {Schema: binarySchema()},
		}}},
	}, func(ctx context.Context, in *fileIDIn) (*fileDownloadOut, error) {
		p := principal(ctx)
		// A missing file and another's file get the same answer: whether
		// a file exists is none of a stranger's business.
		hidden := errs.E(errs.NotFound, "文件不存在，或您无权查看")
		f, data, err := svc.Open(ctx, in.ID)
		if errs.Is(err, errs.NotFound) {
			return nil, hidden
		}
		if err != nil {
			return nil, err
		}
		if !f.OwnedBy(p) && (allow == nil || !allow(ctx, p, f)) {
			return nil, hidden
		}
		return &fileDownloadOut{
			ContentType: f.ContentType, Disposition: fileDisposition(f), NoSniff: "nosniff",
			CacheControl: "private, no-store", Body: data,
		}, nil
	})
}

// documentUpload describes the upload form in the OpenAPI document. It is
// added after registration: given to huma, an object schema would make it
// decode the form as a JSON body.
func documentUpload(h huma.API) {
	pi := h.OpenAPI().Paths["/api/v1/files"]
	if pi == nil || pi.Post == nil || pi.Post.RequestBody == nil {
		return
	}
	pi.Post.RequestBody.Content["multipart/form-data"] = &huma.MediaType{
		Schema: &huma.Schema{Type: "object", Required: []string{"file"}, Properties: map[string]*huma.Schema{
			"file": {Type: "string", Format: "binary", ContentEncoding: "binary",
				Description: "PDF、JPEG、PNG 或 OFD 文件；文件名只用于显示"},
			"type": {Type: "string", Description: "可选：声明的文件类型，与内容不符时拒绝"},
		}},
		Encoding: map[string]*huma.Encoding{
			"file": {ContentType: "application/pdf, image/jpeg, image/png, application/ofd, application/octet-stream"},
		},
	}
}

func binarySchema() *huma.Schema { return &huma.Schema{Type: "string", Format: "binary"} }

// refuseLarger answers 413 with the file limit at once when the request
// says it is larger than limit, before reading it. Requests without a
// length are cut off at limit by MaxBodyBytes.
func refuseLarger(limit, maxFile int64) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		r, w := humago.Unwrap(ctx)
		if r.ContentLength > limit {
			httpx.WriteProblem(w, r, errs.E(errs.TooLarge, "文件不能超过 %s", files.SizeText(maxFile)))
			return
		}
		next(ctx)
	}
}

// upload is the file part of a form and what the client says about it.
type upload struct {
	name, claimed string
	content       io.Reader
}

// readUpload finds the file part and the optional type field of a
// multipart body. It reads the form twice rather than copy the file: the
// first pass notes the type field wherever it is, the second returns a
// reader over the file part.
func readUpload(contentType string, body []byte) (upload, error) {
	mt, params, _ := mime.ParseMediaType(contentType)
	if mt != "multipart/form-data" || params["boundary"] == "" {
		return upload{}, errs.E(errs.Malformed, "请以 multipart/form-data 上传，文件放在 file 字段")
	}
	bad := errs.E(errs.Malformed, "multipart 请求格式错误，无法读取上传的文件")
	var up upload
	nFiles := 0
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return upload{}, bad
		}
		switch part.FormName() {
		case "file":
			nFiles++
			up.name = part.FileName()
			if up.claimed == "" {
				up.claimed = part.Header.Get("Content-Type")
			}
		case "type":
			b, err := io.ReadAll(io.LimitReader(part, 200))
			if err != nil {
				return upload{}, bad
			}
			if s := strings.TrimSpace(string(b)); s != "" {
				up.claimed = s
			}
		}
	}
	switch {
	case nFiles == 0:
		return upload{}, errs.Field("file", "请在 file 字段上传文件")
	case nFiles > 1:
		return upload{}, errs.Field("file", "一次只能上传一个文件")
	}
	mr = multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return upload{}, bad
		}
		if part.FormName() == "file" {
			up.content = part
			return up, nil
		}
	}
}

// fileDisposition makes a download an attachment named as uploaded: the
// UTF-8 name in filename* (RFC 5987, for 营业执照.pdf) and a plain ASCII
// name for clients that know only filename.
func fileDisposition(f files.File) string {
	fallback := f.Name
	for _, r := range fallback {
		if r < 0x20 || r > 0x7E || r == '"' || r == '\\' || r == '%' {
			fallback = "file-" + f.ID[:8] + files.Extension(f.ContentType)
			break
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, fallback, rfc5987(f.Name))
}

// rfc5987 percent-encodes every byte that is not an attr-char.
func rfc5987(s string) string {
	var b strings.Builder
	for i := range len(s) {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
