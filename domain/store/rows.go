package store

import (
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/uptrace/bun"

	"xietong/domain"
	"xietong/domain/calendar"
)

// sqlDate is a civil date column: DATE on PostgreSQL, TEXT "YYYY-MM-DD" on
// SQLite. It scans either form.
type sqlDate struct{ calendar.Date }

// Value writes the ISO form, which PostgreSQL casts to DATE.
func (d sqlDate) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// DateValue gives pgx the date itself, for a DATE parameter in the binary
// format: otherwise pgx first tries to write Value's text as a binary date,
// builds the error of that attempt, reads the text back as a date and only
// then writes it (0.5 % of a create's CPU).
func (d sqlDate) DateValue() (pgtype.Date, error) {
	if d.IsZero() {
		return pgtype.Date{}, nil
	}
	return pgtype.Date{Time: time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), Valid: true}, nil
}

// Scan reads a DATE (time.Time from pgx) or ISO text (SQLite).
func (d *sqlDate) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		d.Date = calendar.Date{}
		return nil
	case time.Time:
		d.Date = calendar.NewDate(v.Year(), v.Month(), v.Day())
		return nil
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	}
	return fmt.Errorf("scan date: unsupported type %T", src)
}

// ScanDate reads a DATE as pgx decodes it (queryRows), without the driver
// value Scan takes.
func (d *sqlDate) ScanDate(v pgtype.Date) error {
	switch {
	case !v.Valid:
		d.Date = calendar.Date{}
	case v.InfinityModifier != pgtype.Finite:
		return fmt.Errorf("scan date: %v is not a civil date", v.InfinityModifier)
	default:
		d.Date = calendar.NewDate(v.Time.Year(), v.Time.Month(), v.Time.Day())
	}
	return nil
}

func (d *sqlDate) parse(s string) error {
	if len(s) > 10 {
		s = s[:10]
	}
	v, err := calendar.ParseDate(s)
	d.Date = v
	return err
}

type orgRow struct {
	bun.BaseModel `bun:"table:organizations"`

	ID           int64  `bun:",pk,autoincrement"`
	Code         string `bun:",notnull"`
	Name         string `bun:",notnull"`
	NameEn       string `bun:",notnull"`
	Type         string `bun:",notnull"`
	Region       string `bun:",notnull"`
	Level        string `bun:",notnull"`
	ContactEmail string `bun:",notnull"`
	HeadName     string `bun:",notnull"`
	HeadEmail    string `bun:",notnull"`
	Active       bool   `bun:",notnull"`
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (r orgRow) toDomain() domain.Organization {
	return domain.Organization{ID: r.ID, Code: r.Code, Name: r.Name, NameEn: r.NameEn, Type: r.Type,
		Region: r.Region, Level: r.Level, ContactEmail: r.ContactEmail, HeadName: r.HeadName,
		HeadEmail: r.HeadEmail, Active: r.Active, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func orgFromDomain(o *domain.Organization) *orgRow {
	return &orgRow{ID: o.ID, Code: o.Code, Name: o.Name, NameEn: o.NameEn, Type: o.Type, Region: o.Region,
		Level: o.Level, ContactEmail: o.ContactEmail, HeadName: o.HeadName, HeadEmail: o.HeadEmail,
		Active: o.Active, CreatedAt: o.CreatedAt.UTC(), UpdatedAt: o.UpdatedAt.UTC()}
}

type communityRow struct {
	bun.BaseModel `bun:"table:communities"`

	ID     int64  `bun:",pk,autoincrement"`
	Code   string `bun:",notnull"`
	Name   string `bun:",notnull"`
	NameEn string `bun:",notnull"`
	Region string `bun:",notnull"`
	City   string `bun:",notnull"`
	County string `bun:",notnull"`
	Scale  string `bun:",notnull"`
	Pilot  bool   `bun:",notnull"`
	Active bool   `bun:",notnull"`

	RegionCode      string `bun:",notnull"`
	CityCode        string `bun:",notnull"`
	Address         string `bun:",notnull"`
	HousingType     string `bun:",notnull"`
	Households      int    `bun:",notnull"`
	PropertyManaged bool   `bun:",notnull"`
	PropertyCompany string `bun:",notnull"`
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func (r communityRow) toDomain() domain.Community {
	return domain.Community{ID: r.ID, Code: r.Code, Name: r.Name, NameEn: r.NameEn, Region: r.Region,
		City: r.City, County: r.County, Scale: r.Scale, Pilot: r.Pilot, Active: r.Active,
		RegionCode: r.RegionCode, CityCode: r.CityCode, Address: r.Address, HousingType: r.HousingType,
		Households: r.Households, PropertyManaged: r.PropertyManaged, PropertyCompany: r.PropertyCompany,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func communityFromDomain(c *domain.Community) *communityRow {
	return &communityRow{ID: c.ID, Code: c.Code, Name: c.Name, NameEn: c.NameEn, Region: c.Region,
		City: c.City, County: c.County, Scale: c.Scale, Pilot: c.Pilot, Active: c.Active,
		RegionCode: c.RegionCode, CityCode: c.CityCode, Address: c.Address, HousingType: c.HousingType,
		Households: c.Households, PropertyManaged: c.PropertyManaged, PropertyCompany: c.PropertyCompany,
		CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC()}
}

type userRow struct {
	bun.BaseModel `bun:"table:users"`

	ID           int64  `bun:",pk,autoincrement"`
	Username     string `bun:",notnull"`
	DisplayName  string `bun:",notnull"`
	Email        string `bun:",notnull"`
	Role         string `bun:",notnull"`
	OrgID        int64  `bun:",nullzero"`
	CommunityID  int64  `bun:",nullzero"`
	Lang         string `bun:",notnull"`
	Active       bool   `bun:",notnull"`
	MailOff      bool   `bun:",notnull"`
	PasswordHash string `bun:",notnull"`
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (r userRow) toDomain() domain.User {
	return domain.User{ID: r.ID, Username: r.Username, DisplayName: r.DisplayName, Email: r.Email,
		Role: domain.Role(r.Role), OrgID: r.OrgID, CommunityID: r.CommunityID, Lang: r.Lang,
		Active: r.Active, MailOff: r.MailOff, PasswordHash: r.PasswordHash, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func userFromDomain(u *domain.User) *userRow {
	return &userRow{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Email: u.Email,
		Role: string(u.Role), OrgID: u.OrgID, CommunityID: u.CommunityID, Lang: u.Lang, Active: u.Active,
		MailOff: u.MailOff, PasswordHash: u.PasswordHash, CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC()}
}

type tokenRow struct {
	bun.BaseModel `bun:"table:api_tokens"`

	ID         int64  `bun:",pk,autoincrement"`
	UserID     int64  `bun:",notnull"`
	Hash       string `bun:",notnull"`
	Kind       string `bun:",notnull"`
	Name       string `bun:",notnull"`
	CreatedAt  time.Time
	ExpiresAt  time.Time
	RevokedAt  time.Time `bun:",nullzero"`
	LastUsedAt time.Time `bun:",nullzero"`
}

func (r tokenRow) toDomain() domain.Token {
	return domain.Token{ID: r.ID, UserID: r.UserID, Hash: r.Hash, Kind: r.Kind, Name: r.Name,
		CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC(), RevokedAt: utcOrZero(r.RevokedAt),
		LastUsedAt: utcOrZero(r.LastUsedAt)}
}

type throttleRow struct {
	bun.BaseModel `bun:"table:login_throttles"`

	Key         string `bun:",pk"`
	Failures    int    `bun:",notnull"`
	LastFailure time.Time
	LockedUntil time.Time `bun:",nullzero"`
}

type calendarYearRow struct {
	bun.BaseModel `bun:"table:calendar_years"`

	Year      int `bun:",pk"`
	Source    string
	UpdatedAt time.Time
}

type calendarDayRow struct {
	bun.BaseModel `bun:"table:calendar_days"`

	Day    sqlDate `bun:",pk,type:date"`
	Year   int
	Kind   string
	Name   string
	NameEn string
}

type auditRow struct {
	bun.BaseModel `bun:"table:audit_log"`

	ID      int64 `bun:",pk,autoincrement"`
	At      time.Time
	ActorID int64 `bun:",nullzero"`
	Actor   string
	Action  string
	Target  string
	Detail  string
	IP      string `bun:"ip"`
	Channel string
}

func (r auditRow) toDomain() domain.AuditEntry {
	return domain.AuditEntry{ID: r.ID, At: r.At.UTC(), ActorID: r.ActorID, Actor: r.Actor, Action: r.Action,
		Target: r.Target, Detail: r.Detail, IP: r.IP, Channel: domain.Channel(r.Channel)}
}

func utcOrZero(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// sqlTime scans an instant that may be NULL: a time.Time from pgx, or the
// text SQLite returns for a computed column (MIN, CASE), whose declared
// type it does not know.
type sqlTime struct{ time.Time }

// sqliteTimeLayouts are the forms bun writes instants in on SQLite.
var sqliteTimeLayouts = []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00",
	time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"}

func (t *sqlTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		t.Time = time.Time{}
		return nil
	case time.Time:
		t.Time = v
		return nil
	case []byte:
		return t.parse(string(v))
	case string:
		return t.parse(v)
	}
	return fmt.Errorf("store: cannot scan %T into an instant", src)
}

// ScanTimestamptz reads a TIMESTAMPTZ as pgx decodes it (queryRows),
// without the driver value Scan takes: the same instant, in the same zone.
func (t *sqlTime) ScanTimestamptz(v pgtype.Timestamptz) error {
	switch {
	case !v.Valid:
		t.Time = time.Time{}
	case v.InfinityModifier != pgtype.Finite:
		return fmt.Errorf("store: %v is not an instant", v.InfinityModifier)
	default:
		t.Time = v.Time
	}
	return nil
}

func (t *sqlTime) parse(s string) error {
	for _, l := range sqliteTimeLayouts {
		if v, err := time.Parse(l, s); err == nil {
			t.Time = v
			return nil
		}
	}
	return fmt.Errorf("store: %q is not an instant", s)
}
