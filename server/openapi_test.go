package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications/scheduler"
)

// openAPI is the embedded document, decoded.
func openAPI(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(openAPIDoc))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

// withEveryService gives the server every optional service, so that every
// route it can have is registered.
func withEveryService(db *storetest.DB) func(*Deps) {
	inbound, reports, idem := withInbound(db), withReports(db), withIdempotency(db)
	return func(d *Deps) {
		inbound(d)
		reports(d)
		idem(d)
		st, now := d.Tasks.Store, d.Tasks.Now
		d.Standards = &domain.StandardService{Store: st, Now: now}
		d.Attachments = &domain.AttachmentService{Store: st, Now: now}
		d.Campaign = &domain.CampaignService{Store: st, Tasks: d.Tasks, Now: now, Location: storetest.Shanghai}
		d.Progress = &domain.ProgressService{Store: st, Now: now, Location: storetest.Shanghai}
		d.Notices = &domain.CampaignNoticeService{Store: st.(domain.NoticeStore), Now: now,
			Location: storetest.Shanghai, ObjectionRules: domain.ObjectionPolicy{MaxContent: 2000, Rate: 5, Window: time.Hour}}
		d.Pilots = &domain.PilotService{Store: st, Tasks: d.Tasks, Now: now, Location: storetest.Shanghai}
		d.Cases = &domain.CaseService{Store: st, Now: now, Location: storetest.Shanghai}
		// The schedules page is no API route; set so that the check of
		// every service holds.
		d.Schedules = func(context.Context) ([]scheduler.JobStatus, error) { return nil, nil }
	}
}

// httpMethods are the operations an OpenAPI path item may hold.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// echoParam matches a path parameter as echo writes it.
var echoParam = regexp.MustCompile(`:([A-Za-z_][A-Za-z0-9_]*)`)

// TestOpenAPIRoutes: every route the server registers under /api/v1 (with
// every optional service) is in the document, and every operation of the
// document is a route.
func TestOpenAPIRoutes(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	e := newEnv(t, db, withEveryService(db))
	// A service added to Deps but not to withEveryService would leave its
	// routes out of this check unnoticed.
	d := reflect.ValueOf(e.srv.deps)
	for i := range d.NumField() {
		f, name := d.Field(i), d.Type().Field(i).Name
		switch f.Kind() {
		case reflect.Pointer, reflect.Interface, reflect.Func:
			if f.IsNil() && name != "BaseURL" {
				t.Errorf("Deps.%s is nil: set it in withEveryService, so its routes are checked", name)
			}
		}
	}

	routes := map[string]bool{}
	for _, r := range e.srv.Echo.Routes() {
		rest, ok := strings.CutPrefix(r.Path, "/api/v1/")
		if !ok {
			continue
		}
		routes[strings.ToLower(r.Method)+" /"+echoParam.ReplaceAllString(rest, "{$1}")] = true
	}
	if len(routes) < 80 {
		t.Fatalf("found %d API routes, want every one (is a service missing?)", len(routes))
	}
	documented := map[string]bool{}
	for path, item := range openAPI(t)["paths"].(map[string]any) {
		for m := range item.(map[string]any) {
			if slices.Contains(httpMethods, m) {
				documented[m+" "+path] = true
			}
		}
	}
	for _, r := range sortedKeys(routes) {
		if !documented[r] {
			t.Errorf("route %s is not in server/openapi/openapi.json", r)
		}
	}
	for _, op := range sortedKeys(documented) {
		if !routes[op] {
			t.Errorf("openapi.json documents %s, which the server does not register", op)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestOpenAPIDocument checks the document's structure: OpenAPI 3.1, every
// $ref resolves, every path parameter is declared and every declared one
// is in its path, operation IDs are unique, and every operation has a
// summary and a success response.
func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	doc := openAPI(t)
	if v, _ := doc["openapi"].(string); !regexp.MustCompile(`^3\.1\.\d+$`).MatchString(v) {
		t.Errorf("openapi = %q, want 3.1.x", v)
	}
	for _, k := range []string{"info", "paths", "components"} {
		if _, ok := doc[k].(map[string]any); !ok {
			t.Fatalf("no %s object", k)
		}
	}

	// Every $ref is a local JSON pointer that resolves.
	refs := 0
	walkJSON(doc, "#", func(at string, v map[string]any) {
		r, ok := v["$ref"].(string)
		if !ok {
			return
		}
		refs++
		if _, err := resolvePointer(doc, r); err != "" {
			t.Errorf("%s: $ref %q: %s", at, r, err)
		}
	})
	if refs < 100 {
		t.Errorf("found %d $refs; the walk is broken", refs)
	}

	opIDs := map[string]string{}
	pathParam := regexp.MustCompile(`\{([^}]+)\}`)
	for path, rawItem := range doc["paths"].(map[string]any) {
		item := rawItem.(map[string]any)
		if !strings.HasPrefix(path, "/") {
			t.Errorf("path %q does not start with /", path)
		}
		var inPath []string
		for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
			inPath = append(inPath, m[1])
		}
		shared := declaredPathParams(t, doc, item["parameters"])
		for _, m := range httpMethods {
			raw, ok := item[m]
			if !ok {
				continue
			}
			op := raw.(map[string]any)
			name := strings.ToUpper(m) + " " + path
			declared := append(slices.Clone(shared), declaredPathParams(t, doc, op["parameters"])...)
			for _, p := range inPath {
				if !slices.Contains(declared, p) {
					t.Errorf("%s: path parameter %q is not declared", name, p)
				}
			}
			for _, p := range declared {
				if !slices.Contains(inPath, p) {
					t.Errorf("%s: declares path parameter %q, which its path lacks", name, p)
				}
			}
			id, _ := op["operationId"].(string)
			if id == "" {
				t.Errorf("%s: no operationId", name)
			} else if other, dup := opIDs[id]; dup {
				t.Errorf("%s: operationId %q is also %s's", name, id, other)
			}
			opIDs[id] = name
			if s, _ := op["summary"].(string); s == "" {
				t.Errorf("%s: no summary", name)
			}
			rs, _ := op["responses"].(map[string]any)
			success := false
			for code := range rs {
				success = success || strings.HasPrefix(code, "2")
			}
			if !success {
				t.Errorf("%s: no 2xx response", name)
			}
		}
	}
	schemes := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
	walkJSON(doc, "#", func(at string, v map[string]any) {
		sec, ok := v["security"].([]any)
		if !ok || strings.Contains(at, "/properties/") {
			return
		}
		for _, req := range sec {
			for name := range req.(map[string]any) {
				if _, ok := schemes[name]; !ok {
					t.Errorf("%s: security scheme %q is not defined", at, name)
				}
			}
		}
	})
}

// declaredPathParams returns the names of the path parameters in a
// parameters list, resolving references.
func declaredPathParams(t *testing.T, doc map[string]any, raw any) []string {
	t.Helper()
	list, _ := raw.([]any)
	var out []string
	for _, p := range list {
		pm := p.(map[string]any)
		if r, ok := pm["$ref"].(string); ok {
			v, err := resolvePointer(doc, r)
			if err != "" {
				continue // reported by the $ref check
			}
			pm = v.(map[string]any)
		}
		if pm["in"] == "path" {
			out = append(out, pm["name"].(string))
			if pm["required"] != true {
				t.Errorf("path parameter %v is not required", pm["name"])
			}
		}
	}
	return out
}

// walkJSON calls fn on every object in v, with its JSON pointer.
func walkJSON(v any, at string, fn func(at string, obj map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		fn(at, x)
		for k, c := range x {
			walkJSON(c, at+"/"+strings.NewReplacer("~", "~0", "/", "~1").Replace(k), fn)
		}
	case []any:
		for i, c := range x {
			walkJSON(c, at+"/"+strconv.Itoa(i), fn)
		}
	}
}

// resolvePointer follows a local reference ("#/components/schemas/Task");
// the error is "" when it resolves.
func resolvePointer(doc map[string]any, ref string) (any, string) {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, "not a local reference"
	}
	var cur any = doc
	for _, tok := range strings.Split(rest, "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch x := cur.(type) {
		case map[string]any:
			var ok bool
			if cur, ok = x[tok]; !ok {
				return nil, "no " + tok
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil, "no item " + tok
			}
			cur = x[i]
		default:
			return nil, "runs through a scalar at " + tok
		}
	}
	return cur, ""
}

// TestOpenAPIServed: the document is served to anyone, as embedded, as
// JSON, and cacheable by its ETag.
func TestOpenAPIServed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	for _, tok := range []string{"", "not-a-token"} {
		r := e.do(request{method: http.MethodGet, path: openAPIPath, token: tok})
		wantStatus(t, r, http.StatusOK)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q, want application/json", ct)
		}
		if !bytes.Equal(r.body, openAPIDoc) {
			t.Errorf("token %q: the body is not the embedded document (%d bytes)", tok, len(r.body))
		}
		etag := r.header.Get("ETag")
		if etag == "" || etag != openAPIETag {
			t.Fatalf("ETag %q, want %q", etag, openAPIETag)
		}
		again := e.do(request{method: http.MethodGet, path: openAPIPath, token: tok,
			header: map[string]string{"If-None-Match": etag}})
		wantStatus(t, again, http.StatusNotModified)
		if len(again.body) != 0 {
			t.Errorf("304 with a body of %d bytes", len(again.body))
		}
	}
	other := e.do(request{method: http.MethodGet, path: openAPIPath, header: map[string]string{"If-None-Match": `"stale"`}})
	wantStatus(t, other, http.StatusOK)
}

// schemaTypes names, for each schema of the document (a JSON pointer under
// #/components/schemas), the type the handlers write or read. Responses
// must list exactly the type's fields and require those it always writes
// (no omitempty); request bodies must list exactly the fields it decodes.
var schemaTypes = []struct {
	schema   string
	typ      reflect.Type
	response bool
}{
	{"Error", reflect.TypeFor[errorJSON](), true},
	{"Error/properties/error", reflect.TypeFor[errorBodyJSON](), true},
	{"LoginRequest", reflect.TypeFor[loginJSON](), false},
	{"Token", reflect.TypeFor[tokenJSON](), true},
	{"User", reflect.TypeFor[userJSON](), true},
	{"UserCreate", reflect.TypeFor[userCreateJSON](), false},
	{"UserPatch", reflect.TypeFor[userPatchJSON](), false},
	{"Organization", reflect.TypeFor[orgJSON](), true},
	{"OrganizationInput", reflect.TypeFor[orgInputJSON](), false},
	{"OrganizationType", reflect.TypeFor[orgTypeJSON](), true},
	{"ImportProblem", reflect.TypeFor[importErrorJSON](), true},
	{"ImportProblem", reflect.TypeFor[problemJSON](), true},
	{"OrganizationImportResult", reflect.TypeFor[orgImportJSON](), true},
	{"Region", reflect.TypeFor[regionJSON](), true},
	{"Community", reflect.TypeFor[communityJSON](), true},
	{"CommunityInput", reflect.TypeFor[communityInputJSON](), false},
	{"RegisterImportResult", reflect.TypeFor[registerImportJSON](), true},
	{"CalendarDay", reflect.TypeFor[calendarDayJSON](), true},
	{"CalendarYear", reflect.TypeFor[calendarYearJSON](), true},
	{"CalendarYearInput", reflect.TypeFor[calendarYearInputJSON](), false},
	{"WorkingDay", reflect.TypeFor[workingDayJSON](), true},
	{"WorkingDays", reflect.TypeFor[workingDaysJSON](), true},
	{"DueDate", reflect.TypeFor[dueDateJSON](), true},
	{"AuditEntry", reflect.TypeFor[auditJSON](), true},
	{"Task", reflect.TypeFor[taskJSON](), true},
	{"TaskEvent", reflect.TypeFor[taskEventJSON](), true},
	{"TaskDetail", reflect.TypeFor[taskDetailJSON](), true},
	{"TaskCreate", reflect.TypeFor[taskCreateJSON](), false},
	{"TaskAction", reflect.TypeFor[taskActionJSON](), false},
	{"Hotspot", reflect.TypeFor[hotspotJSON](), true},
	{"HotspotDetail", reflect.TypeFor[hotspotDetailJSON](), true},
	{"HotspotReport", reflect.TypeFor[hotspotReportJSON](), false},
	{"HotspotDispatch", reflect.TypeFor[hotspotDispatchJSON](), false},
	{"HotspotReject", reflect.TypeFor[hotspotRejectJSON](), false},
	{"HotspotFeedback", reflect.TypeFor[hotspotFeedbackJSON](), false},
	{"Attachment", reflect.TypeFor[attachmentJSON](), true},
	{"OutboxMessage", reflect.TypeFor[outboxJSON](), true},
	{"LadderRung", reflect.TypeFor[rungJSON](), true},
	{"LadderPolicy", reflect.TypeFor[policyJSON](), true},
	{"LadderPolicyInput", reflect.TypeFor[policyInputJSON](), false},
	{"SweepStep", reflect.TypeFor[sweepStepJSON](), true},
	{"SweepPreview", reflect.TypeFor[sweepJSON](), true},
	{"ScalePoints", reflect.TypeFor[pointsJSON](), true},
	{"Indicator", reflect.TypeFor[indicatorJSON](), true},
	{"Standard", reflect.TypeFor[standardJSON](), true},
	{"StandardInput", reflect.TypeFor[standardInputJSON](), false},
	{"Score", reflect.TypeFor[scoreJSON](), true},
	{"ScoreInput", reflect.TypeFor[scoreInputJSON](), false},
	{"ScoreSheet", reflect.TypeFor[sheetJSON](), true},
	{"Application", reflect.TypeFor[applicationJSON](), true},
	{"ApplicationEvent", reflect.TypeFor[appEventJSON](), true},
	{"ApplicationNotice", reflect.TypeFor[appNoticeJSON](), true},
	{"ApplicationDetail", reflect.TypeFor[applicationDetailJSON](), true},
	{"ApplicationDetail/allOf/1/properties/standard", fieldType[applicationDetailJSON]("Standard"), true},
	{"ApplicationOpen", reflect.TypeFor[openJSON](), false},
	{"ApplicationAction", reflect.TypeFor[appActionJSON](), false},
	{"Rectification", reflect.TypeFor[rectifyJSON](), false},
	{"ProgressFigure", reflect.TypeFor[figureJSON](), true},
	{"CountyProgress", reflect.TypeFor[countyProgressJSON](), true},
	{"CityProgress", reflect.TypeFor[cityProgressJSON](), true},
	{"ProgressTrend", reflect.TypeFor[trendJSON](), true},
	{"ProgressProjection", reflect.TypeFor[projectionJSON](), true},
	{"Progress", reflect.TypeFor[campaignProgressJSON](), true},
	{"CampaignSettings", reflect.TypeFor[settingsJSON](), true},
	{"CampaignSettingsInput", reflect.TypeFor[settingsInputJSON](), false},
	{"DeductionRule", reflect.TypeFor[ruleJSON](), true},
	{"DeductionRules", reflect.TypeFor[reportPolicyRulesJSON](), true},
	{"ReportPolicy", reflect.TypeFor[reportPolicyJSON](), true},
	{"ReportPolicyInput", reflect.TypeFor[reportPolicyInputJSON](), false},
	{"Deductions", reflect.TypeFor[deductionsJSON](), true},
	{"OrgFigures", reflect.TypeFor[orgFiguresJSON](), true},
	{"RankEntry", reflect.TypeFor[rankJSON](), true},
	{"GroupEntry", reflect.TypeFor[groupEntryJSON](), true},
	{"RankGroup", reflect.TypeFor[rankGroupJSON](), true},
	{"CategoryFigures", reflect.TypeFor[categoryJSON](), true},
	{"OverdueTask", reflect.TypeFor[overdueJSON](), true},
	{"HotspotFigures", reflect.TypeFor[hotspotFiguresJSON](), true},
	{"ReportProgressLevel", reflect.TypeFor[reportProgressLevel](), true},
	{"ReportProgress", reflect.TypeFor[reportProgressJSON](), true},
	{"ReportTask", reflect.TypeFor[reportTaskJSON](), true},
	{"PilotOwed", reflect.TypeFor[pilotOwedJSON](), true},
	{"PilotReport", reflect.TypeFor[pilotReportJSON](), true},
	{"ReportCase", reflect.TypeFor[reportCaseJSON](), true},
	{"Report", reflect.TypeFor[reportJSON](), true},
	{"PublicNotice", reflect.TypeFor[publicNoticeJSON](), true},
	{"ObjectionInput", reflect.TypeFor[objectionInputJSON](), false},
	{"PublicTitle", reflect.TypeFor[publicTitleJSON](), true},
	{"Notice", reflect.TypeFor[noticeJSON](), true},
	{"Objection", reflect.TypeFor[objectionJSON](), true},
	{"ObjectionResolve", reflect.TypeFor[resolveJSON](), false},
	{"Title", reflect.TypeFor[titleJSON](), true},
	{"SpotCheck", reflect.TypeFor[spotCheckJSON](), true},
	{"SpotCheckInput", reflect.TypeFor[spotCheckInputJSON](), false},
	{"PilotItem", reflect.TypeFor[pilotCellJSON](), true},
	{"Pilot", reflect.TypeFor[pilotJSON](), true},
	{"PilotAssign", reflect.TypeFor[pilotAssignJSON](), false},
	{"PilotAction", reflect.TypeFor[pilotActionJSON](), false},
	{"Case", reflect.TypeFor[caseJSON](), true},
	{"CaseInput", reflect.TypeFor[caseInputJSON](), false},
	{"Exchange", reflect.TypeFor[exchangeJSON](), true},
	{"ExchangeInput", reflect.TypeFor[exchangeInputJSON](), false},
}

// fieldType is the type of struct T's field name.
func fieldType[T any](name string) reflect.Type {
	f, ok := reflect.TypeFor[T]().FieldByName(name)
	if !ok {
		panic("no field " + name)
	}
	return f.Type
}

// TestOpenAPISchemas: each schema names the same fields as the Go type
// behind it, so that a field added to a handler's JSON and not to the
// document (or the other way round) fails.
func TestOpenAPISchemas(t *testing.T) {
	t.Parallel()
	doc := openAPI(t)
	for _, c := range schemaTypes {
		raw, err := resolvePointer(doc, "#/components/schemas/"+c.schema)
		if err != "" {
			t.Errorf("schema %s: %s", c.schema, err)
			continue
		}
		props, required := schemaFields(doc, raw.(map[string]any))
		fields, always := jsonFields(c.typ)
		for _, f := range sortedKeys(fields) {
			if !props[f] {
				t.Errorf("schema %s lacks %s.%s", c.schema, c.typ.Name(), f)
			}
		}
		for _, p := range sortedKeys(props) {
			if !fields[p] {
				t.Errorf("schema %s has %q, which %s does not", c.schema, p, c.typ)
			}
		}
		if !c.response {
			continue
		}
		for _, f := range sortedKeys(always) {
			if props[f] && !required[f] {
				t.Errorf("schema %s: %q is always written (no omitempty), so it must be required", c.schema, f)
			}
		}
		for _, f := range sortedKeys(required) {
			if fields[f] && !always[f] {
				t.Errorf("schema %s: %q is omitempty in %s, so it must not be required", c.schema, f, c.typ)
			}
		}
	}
}

// schemaFields collects a schema's property names and required ones,
// through allOf and references.
func schemaFields(doc map[string]any, s map[string]any) (props, required map[string]bool) {
	props, required = map[string]bool{}, map[string]bool{}
	var visit func(s map[string]any)
	visit = func(s map[string]any) {
		if r, ok := s["$ref"].(string); ok {
			if v, err := resolvePointer(doc, r); err == "" {
				visit(v.(map[string]any))
			}
			return
		}
		for _, part := range asList(s["allOf"]) {
			visit(part.(map[string]any))
		}
		for name := range asMap(s["properties"]) {
			props[name] = true
		}
		for _, name := range asList(s["required"]) {
			required[name.(string)] = true
		}
	}
	visit(s)
	return props, required
}

func asList(v any) []any         { l, _ := v.([]any); return l }
func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }

// jsonFields returns the JSON names encoding/json uses for struct t (its
// embedded structs' fields included), and those it writes even when empty.
func jsonFields(t reflect.Type) (all, always map[string]bool) {
	all, always = map[string]bool{}, map[string]bool{}
	var visit func(t reflect.Type)
	visit = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				visit(f.Type)
				continue
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			all[name] = true
			if !strings.Contains(opts, "omitempty") {
				always[name] = true
			}
		}
	}
	visit(t)
	return all, always
}

// TestOpenAPIAnswers checks real answers of the server against the
// schemas the document gives them: types, nulls, enums, formats and
// required fields.
func TestOpenAPIAnswers(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	e := newEnv(t, db, withEveryService(db))
	doc := openAPI(t)
	get := func(path string) map[string]any {
		t.Helper()
		r := e.do(request{method: http.MethodGet, path: path, token: e.admin})
		wantStatus(t, r, http.StatusOK)
		var v map[string]any
		r.json(t, &v)
		return v
	}
	first := func(path string) string {
		t.Helper()
		items := get(path)["items"].([]any)
		if len(items) == 0 {
			t.Fatalf("%s: no items", path)
		}
		return strconv.FormatFloat(items[0].(map[string]any)["id"].(float64), 'f', 0, 64)
	}
	org, community := first("/api/v1/organizations?type=public_security&limit=1"), first("/api/v1/communities?limit=1")
	task := e.do(request{method: http.MethodPost, path: "/api/v1/tasks", token: e.admin, body: map[string]any{
		"title": "整治占道经营", "lead_org_id": json.Number(org), "due_in_working_days": 5}})
	wantStatus(t, task, http.StatusCreated)
	hotspot := e.do(request{method: http.MethodPost, path: "/api/v1/hotspots", token: e.admin, body: map[string]any{
		"title": "电梯故障", "community_id": json.Number(community), "category": "facilities"}})
	wantStatus(t, hotspot, http.StatusCreated)
	var created struct{ ID int64 }
	task.json(t, &created)
	taskID := strconv.FormatInt(created.ID, 10)
	hotspot.json(t, &created)
	hotspotID := strconv.FormatInt(created.ID, 10)

	cases := []struct {
		method, template, path string
		status                 int
		body                   any
	}{
		{"get", "/me", "/me", 200, nil},
		{"get", "/organizations", "/organizations?limit=3", 200, nil},
		{"get", "/organizations/{id}", "/organizations/" + org, 200, nil},
		{"get", "/organization-types", "/organization-types", 200, nil},
		{"get", "/regions", "/regions?parent=610100", 200, nil},
		{"get", "/communities", "/communities?limit=3", 200, nil},
		{"get", "/communities/{id}", "/communities/" + community, 200, nil},
		{"get", "/users", "/users", 200, nil},
		{"get", "/calendar/years", "/calendar/years", 200, nil},
		{"get", "/calendar/working-days", "/calendar/working-days?from=2025-09-28&to=2025-10-09", 200, nil},
		{"get", "/calendar/add", "/calendar/add?start=2025-09-28&working_days=5", 200, nil},
		{"get", "/audit", "/audit?limit=5", 200, nil},
		{"get", "/tasks", "/tasks", 200, nil},
		{"get", "/tasks/{id}", "/tasks/" + taskID, 200, nil},
		{"post", "/tasks/{id}/actions", "/tasks/" + taskID + "/actions", 200, map[string]any{"action": "note", "note": "已联系"}},
		{"post", "/tasks/{id}/actions", "/tasks/" + taskID + "/actions", 409, map[string]any{"action": "close"}},
		{"get", "/tasks/{id}", "/tasks/999999", 404, nil},
		{"get", "/hotspots", "/hotspots", 200, nil},
		{"get", "/hotspots/{id}", "/hotspots/" + hotspotID, 200, nil},
		{"get", "/tasks/{id}/attachments", "/tasks/" + taskID + "/attachments", 200, nil},
		{"get", "/outbox", "/outbox?limit=5", 200, nil},
		{"get", "/ladder/policies", "/ladder/policies", 200, nil},
		{"get", "/ladder/preview", "/ladder/preview", 200, nil},
		{"get", "/reports/supervision", "/reports/supervision?from=2025-03-03&to=2025-03-09", 200, nil},
		{"get", "/reports/policy", "/reports/policy", 200, nil},
		{"get", "/reports/policy/versions", "/reports/policy/versions", 200, nil},
		{"get", "/campaign/standards", "/campaign/standards", 200, nil},
		{"get", "/campaign/applications", "/campaign/applications", 200, nil},
		{"get", "/campaign/progress", "/campaign/progress", 200, nil},
		{"get", "/campaign/settings", "/campaign/settings", 200, nil},
		{"get", "/campaign/notices", "/campaign/notices", 200, nil},
		{"get", "/campaign/objections", "/campaign/objections", 200, nil},
		{"get", "/campaign/titles", "/campaign/titles", 200, nil},
		{"get", "/campaign/pilots", "/campaign/pilots", 200, nil},
		{"get", "/campaign/pilots/{region}", "/campaign/pilots/610100", 200, nil},
		{"post", "/campaign/cases", "/campaign/cases", 201, map[string]any{
			"community_id": json.Number(community), "title": "楼道微更新", "text": "居民议事会商定方案。"}},
		{"get", "/campaign/cases", "/campaign/cases", 200, nil},
		{"post", "/campaign/exchanges", "/campaign/exchanges", 201, map[string]any{
			"title": "社区治理经验交流会", "held_on": "2025-03-05", "place": "雁塔区社区服务中心", "org_id": json.Number(org)}},
		{"get", "/campaign/exchanges", "/campaign/exchanges", 200, nil},
		{"get", "/reports/supervision", "/reports/supervision?from=2025-03-01&to=2025-03-31", 200, nil},
		{"get", "/public/notices", "/public/notices", 200, nil},
		{"get", "/public/titles", "/public/titles", 200, nil},
		{"get", "/users/{id}", "/users/abc", 400, nil},
	}
	for _, c := range cases {
		r := e.do(request{method: strings.ToUpper(c.method), path: "/api/v1" + c.path, token: e.admin, body: c.body})
		name := strings.ToUpper(c.method) + " " + c.path
		if r.status != c.status {
			t.Errorf("%s: status %d, want %d: %s", name, r.status, c.status, r.body)
			continue
		}
		schema, err := responseSchema(doc, c.template, c.method, r.status)
		if err != "" {
			t.Errorf("%s: %s", name, err)
			continue
		}
		var v any
		dec := json.NewDecoder(bytes.NewReader(r.body))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, p := range validate(doc, schema, v, "$") {
			t.Errorf("%s: %s", name, p)
		}
	}
}

// responseSchema finds the JSON schema the document gives an operation's
// answer with that status.
func responseSchema(doc map[string]any, template, method string, status int) (map[string]any, string) {
	op, err := resolvePointer(doc, "#/paths/"+strings.ReplaceAll(template, "/", "~1")+"/"+method)
	if err != "" {
		return nil, "operation: " + err
	}
	r, ok := asMap(asMap(op)["responses"])[strconv.Itoa(status)].(map[string]any)
	if !ok {
		return nil, "no response " + strconv.Itoa(status) + " documented"
	}
	if ref, ok := r["$ref"].(string); ok {
		v, err := resolvePointer(doc, ref)
		if err != "" {
			return nil, err
		}
		r = v.(map[string]any)
	}
	s := asMap(asMap(asMap(r["content"])["application/json"])["schema"])
	if s == nil {
		return nil, "no application/json schema"
	}
	return s, ""
}

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// validate checks v against the subset of JSON Schema the document uses.
func validate(doc map[string]any, s map[string]any, v any, at string) []string {
	if ref, ok := s["$ref"].(string); ok {
		r, err := resolvePointer(doc, ref)
		if err != "" {
			return []string{at + ": " + err}
		}
		return validate(doc, r.(map[string]any), v, at)
	}
	var out []string
	for _, part := range asList(s["allOf"]) {
		out = append(out, validate(doc, part.(map[string]any), v, at)...)
	}
	if alts := asList(s["oneOf"]); len(alts) > 0 {
		fits := 0
		for _, alt := range alts {
			if len(validate(doc, alt.(map[string]any), v, at)) == 0 {
				fits++
			}
		}
		if fits != 1 {
			out = append(out, at+": fits "+strconv.Itoa(fits)+" of oneOf")
		}
	}
	if types := schemaTypesOf(s["type"]); len(types) > 0 && !slices.Contains(types, jsonKind(v)) &&
		!(jsonKind(v) == "integer" && slices.Contains(types, "number")) {
		return append(out, at+": "+jsonKind(v)+", want "+strings.Join(types, " or "))
	}
	if enum, ok := s["enum"].([]any); ok {
		found := false
		for _, x := range enum {
			found = found || fmtJSON(x) == fmtJSON(v)
		}
		if !found {
			out = append(out, at+": "+fmtJSON(v)+" is not in the enum")
		}
	}
	switch x := v.(type) {
	case string:
		switch s["format"] {
		case "date":
			if !dateRe.MatchString(x) {
				out = append(out, at+": "+x+" is not a date")
			}
		case "date-time":
			if _, err := time.Parse(time.RFC3339, x); err != nil {
				out = append(out, at+": "+x+" is not RFC 3339")
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, it := range x {
				out = append(out, validate(doc, items, it, at+"["+strconv.Itoa(i)+"]")...)
			}
		}
	case map[string]any:
		for _, r := range asList(s["required"]) {
			if _, ok := x[r.(string)]; !ok {
				out = append(out, at+": lacks required "+r.(string))
			}
		}
		props := asMap(s["properties"])
		for k, val := range x {
			if p, ok := props[k].(map[string]any); ok {
				out = append(out, validate(doc, p, val, at+"."+k)...)
			} else if extra, ok := s["additionalProperties"].(map[string]any); ok {
				out = append(out, validate(doc, extra, val, at+"."+k)...)
			}
		}
	}
	return out
}

func schemaTypesOf(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, t := range x {
			out = append(out, t.(string))
		}
		return out
	}
	return nil
}

// jsonKind names a decoded value's JSON Schema type.
func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if strings.ContainsAny(x.String(), ".eE") {
			return "number"
		}
		return "integer"
	case []any:
		return "array"
	}
	return "object"
}

func fmtJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
