package domain

import (
	"context"
	"time"
)

// NoticeView is a public notice with what the public list shows of its
// community: the name and where it lies.
type NoticeView struct {
	PublicNotice
	Community  string
	RegionCode string
}

// NoticeFilter narrows a notice list.
type NoticeFilter struct {
	Statuses []NoticeStatus
	// PublicOn keeps the notices whose period has begun by that day.
	PublicOn Date
	// EndedBefore keeps the notices whose period ended before that day.
	EndedBefore Date
	// InPeriodOn keeps the notices whose period includes that day.
	InPeriodOn Date
	CityCode   string
	// Waiting keeps the notices with an open objection.
	Waiting bool
}

// TitleView is a title with its community's name and region.
type TitleView struct {
	Title
	Community  string
	RegionCode string
}

// NoticeReader reads notices with their communities, objections and spot
// checks.
type NoticeReader interface {
	// NoticeViews lists notices newest first (by ID); no error kind of its
	// own.
	NoticeViews(ctx context.Context, f NoticeFilter, p Page) ([]NoticeView, error)
	// NoticeView returns one notice with its community; ErrNotFound
	// ("notice.not_found").
	NoticeView(ctx context.Context, id int64) (NoticeView, error)
	// Objection returns one objection; ErrNotFound ("objection.not_found").
	Objection(ctx context.Context, id int64) (Objection, error)
	// Objections lists objections newest first; no error kind of its own.
	Objections(ctx context.Context, f ObjectionFilter, p Page) ([]Objection, error)
	// NoticeObjections returns every objection to a notice, oldest first.
	NoticeObjections(ctx context.Context, noticeID int64) ([]Objection, error)
	// TitleView returns one title with its community; ErrNotFound
	// ("title.not_found").
	TitleView(ctx context.Context, id int64) (TitleView, error)
	// TitleViews lists titles with their communities, newest first.
	TitleViews(ctx context.Context, f TitleFilter, p Page) ([]TitleView, error)
	// TitlesExpiringBy returns up to n active titles whose last valid day
	// is on or before d, by expiry.
	TitlesExpiringBy(ctx context.Context, d Date, n int) ([]Title, error)
	// SpotChecks returns a title's spot checks, newest check first.
	SpotChecks(ctx context.Context, titleID int64) ([]SpotCheck, error)
	// CountCertificates counts the titles whose certificate number starts
	// with prefix.
	CountCertificates(ctx context.Context, prefix string) (int, error)
	// ReassessmentOf returns the newest application that re-assesses
	// title id, and false when there is none.
	ReassessmentOf(ctx context.Context, titleID int64) (Application, bool, error)
	// LatestStandard returns the newest published standard at level for
	// region ("" for the province's), and false when there is none.
	LatestStandard(ctx context.Context, level StandardLevel, region string) (Standard, bool, error)
}

// NoticeWriter lodges and resolves objections, moves notices and records
// spot checks.
type NoticeWriter interface {
	// MoveNotice sets a notice's status to to if it is still from, and
	// reports whether it did: of two transactions moving one notice, one
	// wins and the other gets false (on PostgreSQL it waits for the first
	// to end).
	MoveNotice(ctx context.Context, id int64, from, to NoticeStatus, at time.Time) (bool, error)
	// CreateObjection inserts o and sets o.ID.
	CreateObjection(ctx context.Context, o *Objection) error
	// ResolveObjection writes o's status, note and resolver if it is still
	// open; ErrConflict ("objection.resolved") otherwise.
	ResolveObjection(ctx context.Context, o *Objection) error
	// CreateSpotCheck inserts s and sets s.ID.
	CreateSpotCheck(ctx context.Context, s *SpotCheck) error
}

// NoticeStore is CampaignNoticeService's.
type NoticeStore interface {
	Transactor
	ApplicationReader
	NoticeReader
	CommunityReader
	OrgReader
	UserReader
}
