package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// The campaign's public notices (公示), objections and titles: the public
// endpoints under /api/v1/public need no sign-in and show only what is
// public; the others are the bureaus' and leadership's.

// publicNoticeJSON is a notice as the public sees it: no user, no internal
// note, and where to object while it is open.
type publicNoticeJSON struct {
	ID            int64   `json:"id"`
	ApplicationID int64   `json:"application_id"`
	Community     string  `json:"community"`
	City          string  `json:"city"`
	County        string  `json:"county,omitempty"`
	Level         string  `json:"level"`
	Score         float64 `json:"score"`
	From          *string `json:"from"`
	To            *string `json:"to"`
	Open          bool    `json:"open"` // objections are taken now
	Status        string  `json:"status"`
	Objections    *string `json:"objections,omitempty"` // where to POST an objection while open
}

func (a api) toPublicNotice(n domain.NoticeView) publicNoticeJSON {
	out := publicNoticeJSON{ID: n.ID, ApplicationID: n.ApplicationID, Community: n.Community,
		City: domain.RegionName(n.CityCode, false), Level: string(n.Level), Score: n.Score, From: dateJSON(n.From),
		To: dateJSON(n.To), Open: a.deps.Notices.InPeriod(n.PublicNotice), Status: string(n.Status)}
	if n.RegionCode != "" && n.RegionCode != n.CityCode {
		out.County = domain.RegionName(n.RegionCode, false)
	}
	if out.Open {
		p := "/api/v1/public/notices/" + strconv.FormatInt(n.ID, 10) + "/objections"
		out.Objections = &p
	}
	return out
}

// handlePublicNoticeList lists the notices whose period has begun, newest
// first; no sign-in.
func (a api) handlePublicNoticeList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	l, err := a.deps.Notices.PublicNotices(c.Request().Context(), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, a.toPublicNotice))
}

// handlePublicNoticeGet returns one public notice; no sign-in.
func (a api) handlePublicNoticeGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	n, err := a.deps.Notices.PublicNotice(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a.toPublicNotice(n))
}

// objectionInputJSON is what a visitor sends.
type objectionInputJSON struct {
	Content string `json:"content"`
	Name    string `json:"name"`
	Contact string `json:"contact"`
}

// handlePublicObjection lodges an objection to an open notice: 202 once
// stored; 409 outside the period, 429 with Retry-After when the client
// address lodged too many.
func (a api) handlePublicObjection(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in objectionInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	o, err := a.deps.Notices.Lodge(c.Request().Context(), id,
		domain.ObjectionInput{Content: in.Content, Name: in.Name, Contact: in.Contact}, c.RealIP())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, map[string]any{"notice_id": o.NoticeID, "received_at": timeJSON(o.CreatedAt),
		"message": a.localizer(c).T("web.public.objection_received")})
}

// publicTitleJSON is a valid title as the public sees it.
type publicTitleJSON struct {
	Community     string  `json:"community"`
	City          string  `json:"city"`
	County        string  `json:"county,omitempty"`
	Level         string  `json:"level"`
	CertificateNo string  `json:"certificate_no"`
	GrantedOn     *string `json:"granted_on"`
	ExpiresOn     *string `json:"expires_on"`
}

// maxPublicTitles bounds the public register of titles.
const maxPublicTitles = 5000

// handlePublicTitleList lists the active titles by city, then community;
// no sign-in.
func (a api) handlePublicTitleList(c echo.Context) error {
	ts, err := a.deps.Notices.PublicTitles(c.Request().Context(), maxPublicTitles)
	if err != nil {
		return err
	}
	out := listJSON[publicTitleJSON]{Items: []publicTitleJSON{}}
	for _, g := range groupTitles(ts, false) {
		for _, t := range g.Titles {
			out.Items = append(out.Items, publicTitleJSON{Community: t.Community, City: g.City, County: t.County,
				Level: t.Level, CertificateNo: t.CertificateNo, GrantedOn: &t.GrantedOn, ExpiresOn: &t.ExpiresOn})
		}
	}
	return c.JSON(http.StatusOK, out)
}

// ---- staff --------------------------------------------------------------

// noticeJSON is a notice as staff see it.
type noticeJSON struct {
	ID            int64   `json:"id"`
	ApplicationID int64   `json:"application_id"`
	CommunityID   int64   `json:"community_id"`
	Community     string  `json:"community"`
	CityCode      string  `json:"city_code"`
	City          string  `json:"city"`
	Level         string  `json:"level"`
	Score         float64 `json:"score"`
	From          *string `json:"from"`
	To            *string `json:"to"`
	Status        string  `json:"status"`
	Open          bool    `json:"open"`
}

func (a api) toNotice(n domain.NoticeView) noticeJSON {
	return noticeJSON{ID: n.ID, ApplicationID: n.ApplicationID, CommunityID: n.CommunityID, Community: n.Community,
		CityCode: n.CityCode, City: domain.RegionName(n.CityCode, false), Level: string(n.Level), Score: n.Score,
		From: dateJSON(n.From), To: dateJSON(n.To), Status: string(n.Status),
		Open: a.deps.Notices.InPeriod(n.PublicNotice)}
}

// objectionJSON is an objection as staff see it (the client address is
// never kept, only its hash, which is not shown).
type objectionJSON struct {
	ID            int64   `json:"id"`
	NoticeID      int64   `json:"notice_id"`
	ApplicationID int64   `json:"application_id"`
	CommunityID   int64   `json:"community_id"`
	CityCode      string  `json:"city_code"`
	Level         string  `json:"level"`
	Content       string  `json:"content"`
	Name          string  `json:"name"`
	Contact       string  `json:"contact"`
	Status        string  `json:"status"`
	Note          string  `json:"note"`
	ResolvedBy    *int64  `json:"resolved_by"`
	ResolvedAt    *string `json:"resolved_at"`
	CreatedAt     *string `json:"created_at"`
}

func toObjectionJSON(o domain.Objection) objectionJSON {
	return objectionJSON{ID: o.ID, NoticeID: o.NoticeID, ApplicationID: o.ApplicationID, CommunityID: o.CommunityID,
		CityCode: o.CityCode, Level: string(o.Level), Content: o.Content, Name: o.Name, Contact: o.Contact,
		Status: string(o.Status), Note: o.Note, ResolvedBy: idJSON(o.ResolvedBy), ResolvedAt: timeJSON(o.ResolvedAt),
		CreatedAt: timeJSON(o.CreatedAt)}
}

// handleNoticeList lists notices for staff: ?list=open|waiting|past.
func (a api) handleNoticeList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	l, err := a.deps.Notices.Notices(c.Request().Context(), actorOf(c), domain.NoticeList(c.QueryParam("list")), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, a.toNotice))
}

// handleNoticeGet returns a notice with its objections.
func (a api) handleNoticeGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	n, obs, err := a.deps.Notices.Notice(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	out := struct {
		noticeJSON
		Objections []objectionJSON `json:"objections"`
	}{noticeJSON: a.toNotice(n), Objections: []objectionJSON{}}
	for _, o := range obs {
		out.Objections = append(out.Objections, toObjectionJSON(o))
	}
	return c.JSON(http.StatusOK, out)
}

// handleObjectionList lists objections in scope: ?status=&notice_id=.
func (a api) handleObjectionList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	f := domain.ObjectionFilter{Status: domain.ObjectionStatus(c.QueryParam("status"))}
	if f.NoticeID, err = queryID(c, "notice_id"); err != nil {
		return err
	}
	l, err := a.deps.Notices.Objections(c.Request().Context(), actorOf(c), f, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, toObjectionJSON))
}

// resolveJSON is the body of an objection's resolution.
type resolveJSON struct {
	Outcome string `json:"outcome"`
	Note    string `json:"note"`
}

// handleObjectionResolve upholds or dismisses an objection.
func (a api) handleObjectionResolve(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in resolveJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	o, err := a.deps.Notices.Resolve(c.Request().Context(), actorOf(c), id, domain.ObjectionStatus(in.Outcome), in.Note)
	if err != nil {
		return err
	}
	publicPages.clear()
	return c.JSON(http.StatusOK, toObjectionJSON(o))
}

// titleJSON is a title as staff see it.
type titleJSON struct {
	ID            int64   `json:"id"`
	CommunityID   int64   `json:"community_id"`
	Community     string  `json:"community"`
	CityCode      string  `json:"city_code"`
	City          string  `json:"city"`
	Level         string  `json:"level"`
	CertificateNo string  `json:"certificate_no"`
	GrantedOn     *string `json:"granted_on"`
	ExpiresOn     *string `json:"expires_on"`
	Status        string  `json:"status"`
	EndedOn       *string `json:"ended_on,omitempty"`
	Reason        string  `json:"reason,omitempty"`
	ApplicationID *int64  `json:"application_id"`
}

func toTitleJSON(t domain.TitleView) titleJSON {
	return titleJSON{ID: t.ID, CommunityID: t.CommunityID, Community: t.Community, CityCode: t.CityCode,
		City: domain.RegionName(t.CityCode, false), Level: string(t.Level), CertificateNo: t.CertificateNo,
		GrantedOn: dateJSON(t.GrantedOn), ExpiresOn: dateJSON(t.ExpiresOn), Status: string(t.Status),
		EndedOn: dateJSON(t.EndedOn), Reason: t.Reason, ApplicationID: idJSON(t.ApplicationID)}
}

// spotCheckJSON is one spot check of a title.
type spotCheckJSON struct {
	ID         int64   `json:"id"`
	CheckedOn  *string `json:"checked_on"`
	Inspectors string  `json:"inspectors"`
	Findings   string  `json:"findings"`
	Passed     bool    `json:"passed"`
	CreatedBy  *int64  `json:"created_by"`
	CreatedAt  *string `json:"created_at"`
}

func toSpotCheckJSON(s domain.SpotCheck) spotCheckJSON {
	return spotCheckJSON{ID: s.ID, CheckedOn: dateJSON(s.CheckedOn), Inspectors: s.Inspectors, Findings: s.Findings,
		Passed: s.Passed, CreatedBy: idJSON(s.CreatedBy), CreatedAt: timeJSON(s.CreatedAt)}
}

// handleTitleList lists titles in scope: ?status=&level=&region_code=.
func (a api) handleTitleList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	f := domain.TitleFilter{Status: domain.TitleStatus(c.QueryParam("status")),
		Level: domain.StandardLevel(c.QueryParam("level"))}
	if r := c.QueryParam("region_code"); r != "" {
		if !domain.ValidRegionCode(r) {
			return domain.Invalid("community.region_code_invalid", r)
		}
		if domain.CityCodeOf(r) == r {
			f.CityCode = r
		} else {
			f.RegionCode = r
		}
	}
	l, err := a.deps.Notices.Titles(c.Request().Context(), actorOf(c), f, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, toTitleJSON))
}

// handleTitleGet returns a title with its history.
func (a api) handleTitleGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := a.deps.Notices.Title(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	out := struct {
		titleJSON
		SpotChecks      []spotCheckJSON `json:"spot_checks"`
		FailedSpotCheck bool            `json:"failed_spot_check"`
		Reassesses      *int64          `json:"reassesses_title_id"`
		Reassessment    *struct {
			ApplicationID int64  `json:"application_id"`
			Status        string `json:"status"`
		} `json:"reassessment"`
	}{titleJSON: toTitleJSON(d.TitleView), SpotChecks: []spotCheckJSON{}, FailedSpotCheck: d.FailedCheck,
		Reassesses: idJSON(d.Reassesses)}
	for _, s := range d.SpotChecks {
		out.SpotChecks = append(out.SpotChecks, toSpotCheckJSON(s))
	}
	if d.Reassessment != nil {
		out.Reassessment = &struct {
			ApplicationID int64  `json:"application_id"`
			Status        string `json:"status"`
		}{d.Reassessment.ID, string(d.Reassessment.Status)}
	}
	return c.JSON(http.StatusOK, out)
}

// handleTitleRevoke revokes a title for a reason.
func (a api) handleTitleRevoke(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := a.deps.Notices.Revoke(ctx, actorOf(c), id, in.Reason); err != nil {
		return err
	}
	publicPages.clear()
	d, err := a.deps.Notices.Title(ctx, actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toTitleJSON(d.TitleView))
}

// spotCheckInputJSON is the body of a spot check.
type spotCheckInputJSON struct {
	CheckedOn  string `json:"checked_on"`
	Inspectors string `json:"inspectors"`
	Findings   string `json:"findings"`
	Passed     *bool  `json:"passed"`
}

// handleSpotCheckCreate records a spot check of a title: 201.
func (a api) handleSpotCheckCreate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in spotCheckInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	sc, err := spotCheckOf(in)
	if err != nil {
		return err
	}
	sc, err = a.deps.Notices.AddSpotCheck(c.Request().Context(), actorOf(c), id, sc)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toSpotCheckJSON(sc))
}

// spotCheckOf reads a spot check's date and outcome.
func spotCheckOf(in spotCheckInputJSON) (domain.SpotCheck, error) {
	sc := domain.SpotCheck{Inspectors: in.Inspectors, Findings: in.Findings}
	if in.CheckedOn != "" {
		d, err := calendar.ParseDate(in.CheckedOn)
		if err != nil {
			return sc, domain.Invalid("spotcheck.date_invalid", in.CheckedOn)
		}
		sc.CheckedOn = d
	}
	if in.Passed == nil {
		return sc, domain.Invalid("spotcheck.passed_required")
	}
	sc.Passed = *in.Passed
	return sc, nil
}
