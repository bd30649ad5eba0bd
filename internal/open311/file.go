package open311

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/validate"
)

// Submission is a POST requests.json as the app sent it (form fields).
type Submission struct {
	APIKey       string
	Jurisdiction string // jurisdiction_id: a region code ("" the key's region)
	ServiceCode  string
	Lat, Long    string
	Address      string // address_string
	AddressID    string
	Email        string // accepted, never stored: 12345 calls back by phone
	FirstName    string
	LastName     string
	Phone        string
	Description  string
	MediaURL     string
	Attributes   map[string]string // attribute[code]=value
	IP           string            // the client, for the audit record
}

// MaxMediaURL is the longest media_url accepted.
const MaxMediaURL = 500

// File files a request as a ticket (channel open311). Errors: Forbidden
// (bad api_key), errTooMany, NotFound (unknown service_code), Invalid
// naming the Open311 field (no location, no description or phone, a
// jurisdiction outside the key's region, text too long …).
func (s *Service) File(ctx context.Context, in Submission) (Receipt, error) {
	k, p, err := s.authenticate(ctx, in.APIKey)
	if err != nil {
		return Receipt{}, err
	}
	if !s.limit.allow(k.ID, s.now()) {
		return Receipt{}, errTooMany{}
	}
	c, err := s.catalogue(ctx)
	if err != nil {
		return Receipt{}, err
	}
	code := strings.TrimSpace(in.ServiceCode)
	if code == "" {
		return Receipt{}, errs.Field("service_code", "请填写 service_code（诉求分类）")
	}
	if _, err := c.leaf(code); err != nil {
		return Receipt{}, err
	}
	pos, err := position(in.Lat, in.Long)
	if err != nil {
		return Receipt{}, err
	}
	address := strings.Join(strings.Fields(in.Address), " ")
	if pos == "" && address == "" {
		if strings.TrimSpace(in.AddressID) != "" {
			return Receipt{}, errs.Field("address_id", "暂不支持 address_id，请提供 lat 和 long，或 address_string")
		}
		return Receipt{}, errs.Field("lat", "请提供诉求发生的位置：lat 和 long，或 address_string")
	}
	region := strings.TrimSpace(in.Jurisdiction)
	if region == "" {
		region = k.Region
	} else if _, err := validate.RegionCode("jurisdiction_id", region); err != nil {
		return Receipt{}, err
	} else if !p.Can(access.HotlineTake, access.Scope{Region: region}) {
		return Receipt{}, errs.Field("jurisdiction_id", "jurisdiction_id %s 不在此 api_key 的受理地区（%s）内", region, k.Region)
	}
	typ, confidential, err := attributes(in.Attributes)
	if err != nil {
		return Receipt{}, err
	}
	media, err := mediaURL(in.MediaURL)
	if err != nil {
		return Receipt{}, err
	}
	desc := strings.TrimSpace(strings.ReplaceAll(in.Description, marker, "[Open311]"))
	if desc == "" {
		return Receipt{}, errs.Field("description", "请填写 description（诉求内容）")
	}
	content := compose(desc, k.Name, pos, media)
	if n := utf8.RuneCountInString(content); n > hotline.MaxContent {
		return Receipt{}, errs.Field("description", "description 过长：最多 %d 字", hotline.MaxContent-(n-utf8.RuneCountInString(desc)))
	}
	ctx = audit.WithActor(ctx, audit.Actor{Name: p.Username, Role: "open311", IP: in.IP})
	t, err := s.hotline.Intake(ctx, p, hotline.Input{Channel: hotline.ChannelOpen311, Type: typ, Subject: code, Region: region,
		Address: address, Content: content, CallerName: name(in.FirstName, in.LastName), CallerPhone: in.Phone,
		Confidential: confidential})
	if err != nil {
		return Receipt{}, rename(err)
	}
	return Receipt{ServiceRequestID: t.Number, ServiceNotice: notice(t.Number)}, nil
}

// notice is the service notice of a ticket: how to follow it.
func notice(number string) string {
	return "12345 热线已受理，工单编号 " + number + "；将按诉求分类和发生地派往责任部门办理，可凭编号查询进度或拨打 12345。"
}

// position checks lat and long: both or neither, numbers within China's
// bounds (the platform serves Chinese regions only).
func position(lat, long string) (string, error) {
	lat, long = strings.TrimSpace(lat), strings.TrimSpace(long)
	if lat == "" && long == "" {
		return "", nil
	}
	if lat == "" || long == "" {
		return "", errs.Field("lat", "lat 和 long 须同时提供")
	}
	la, err1 := strconv.ParseFloat(lat, 64)
	lo, err2 := strconv.ParseFloat(long, 64)
	if err1 != nil || err2 != nil {
		return "", errs.Field("lat", "lat 和 long 应为十进制经纬度（WGS84），如 lat=27.8253&long=99.7069")
	}
	if la < 3 || la > 54 || lo < 73 || lo > 136 {
		return "", errs.Field("lat", "位置（lat %.4f，long %.4f）不在中国境内，请检查经纬度是否填反", la, lo)
	}
	return fmt.Sprintf("%.6f,%.6f", la, lo), nil
}

// attributes reads the service definition's attributes.
func attributes(attrs map[string]string) (typ string, confidential bool, err error) {
	typ = hotline.TypeHelp
	for code, v := range attrs {
		v = strings.TrimSpace(v)
		switch code {
		case AttrType:
			if v == "" {
				continue
			}
			if _, ok := hotline.Types[v]; !ok {
				return "", false, errs.Field("attribute[type]", "attribute[type] 应为 help、complaint、report、consult、suggestion 或 praise")
			}
			typ = v
		case AttrConfidential:
			if v == "" {
				continue
			}
			if confidential, err = strconv.ParseBool(v); err != nil {
				return "", false, errs.Field("attribute[confidential]", "attribute[confidential] 应为 true 或 false")
			}
		default:
			return "", false, errs.Field("attribute", "未知的 attribute[%s]：见服务定义 services/{service_code}.json", clip(code, 30))
		}
	}
	return typ, confidential, nil
}

func mediaURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || len(s) > MaxMediaURL || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		strings.ContainsAny(s, " \n\t") {
		return "", errs.Field("media_url", "media_url 应为不超过 %d 个字符的 http(s) 图片地址", MaxMediaURL)
	}
	return s, nil
}

// name is the caller's name: Chinese order (family name first, no space)
// when either part is not ASCII.
func name(first, last string) string {
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	if first == "" || last == "" {
		return first + last
	}
	for _, r := range first + last {
		if r > 127 {
			return last + first
		}
	}
	return first + " " + last
}

// rename names the Open311 field in an intake's error.
func rename(err error) error {
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Invalid {
		return err
	}
	f, ok := map[string]string{"content": "description", "address": "address_string", "caller_name": "last_name",
		"caller_phone": "phone", "region_code": "jurisdiction_id", "subject_code": "service_code"}[e.Field]
	if !ok {
		return err
	}
	return &errs.Error{Code: e.Code, Field: f, Message: e.Message, Err: e.Err}
}

// The location and picture of a request are kept in the ticket's content,
// after the description, where agents and departments read them:
//
//	<description>
//
//	〔Open311〕应用：某某 app
//	〔Open311〕位置：27.825300,99.706900
//	〔Open311〕图片：https://…
const marker = "〔Open311〕"

func compose(desc, app, pos, media string) string {
	var b strings.Builder
	b.WriteString(desc)
	b.WriteString("\n\n" + marker + "应用：" + strings.ReplaceAll(app, marker, ""))
	if pos != "" {
		b.WriteString("\n" + marker + "位置：" + pos)
	}
	if media != "" {
		b.WriteString("\n" + marker + "图片：" + media)
	}
	return b.String()
}

// parsed is what an Open311 ticket's content holds.
type parsed struct {
	desc      string
	lat, long *float64
	media     string
}

// parse splits an Open311 ticket's content into the description, the
// position and the picture.
func parse(content string) parsed {
	desc, rest, ok := strings.Cut(content, "\n\n"+marker)
	out := parsed{desc: desc}
	if !ok {
		return out
	}
	for _, line := range strings.Split(marker+rest, "\n") {
		line = strings.TrimPrefix(line, marker)
		if v, ok := strings.CutPrefix(line, "位置："); ok {
			a, b, _ := strings.Cut(v, ",")
			la, err1 := strconv.ParseFloat(a, 64)
			lo, err2 := strconv.ParseFloat(b, 64)
			if err1 == nil && err2 == nil {
				out.lat, out.long = &la, &lo
			}
		} else if v, ok := strings.CutPrefix(line, "图片："); ok {
			out.media = v
		}
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
