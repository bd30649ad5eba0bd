package open311test

import "testing"

// TestValidateRefuses: the validator finds what the schemas forbid, so a
// passing answer means something.
func TestValidateRefuses(t *testing.T) {
	for _, c := range []struct{ schema, doc string }{
		{"requests.json", `[{"service_request_id":"1","status":"pending","service_code":"01","requested_datetime":"2026-12-08T09:00:00+08:00"}]`},
		{"requests.json", `[{"service_request_id":1,"status":"open","service_code":"01","requested_datetime":"2026-12-08T09:00:00+08:00"}]`},
		{"requests.json", `[{"status":"open","service_code":"01","requested_datetime":"2026-12-08T09:00:00+08:00"}]`},
		{"requests.json", `[{"service_request_id":"1","status":"open","service_code":"01","requested_datetime":"2026-12-08 09:00"}]`},
		{"requests.json", `[{"service_request_id":"1","status":"open","service_code":"01","requested_datetime":"2026-12-08T09:00:00+08:00","lat":"27.8"}]`},
		{"requests.json", `{"service_request_id":"1"}`},
		{"services.json", `[{"service_code":"01","service_name":"x","metadata":"no","type":"realtime"}]`},
		{"services.json", `[{"service_code":"01","service_name":"x","metadata":false,"type":"sometimes"}]`},
		{"service-definition.json", `{"service_code":"01","attributes":[{"variable":true,"code":"t","datatype":"list","required":false}]}`},
	} {
		if errs := Validate(c.schema, []byte(c.doc)); len(errs) == 0 {
			t.Errorf("%s accepted %s", c.schema, c.doc)
		}
	}
	ok := `[{"service_request_id":"1","status":"open","service_code":"01","requested_datetime":"2026-12-08T09:00:00+08:00",` +
		`"lat":27.8,"long":null,"media_url":"https://a.example/b.jpg","description":null}]`
	if errs := Validate("requests.json", []byte(ok)); len(errs) > 0 {
		t.Errorf("refused a valid answer: %v", errs)
	}
}
