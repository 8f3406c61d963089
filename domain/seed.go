package domain

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"time"

	"xietong/domain/calendar"
	"xietong/domain/catalog"
)

// SeedReport says what a seeding run added; a re-run adds nothing.
type SeedReport struct {
	Organizations int
	Communities   int
	CalendarYears int
	Standards     int
}

// SeedReference loads the shipped catalogue and the official calendars,
// adding only what is missing by code (or by year). It never changes a row
// that exists, so an admin's edits survive an upgrade, and two replicas
// seeding at once cannot conflict.
func SeedReference(ctx context.Context, st Transactor, now time.Time) (SeedReport, error) {
	var r SeedReport
	err := st.InTx(ctx, func(tx Tx) error {
		for _, c := range catalog.Orgs() {
			o := Organization{Code: c.Code, Name: c.Name, NameEn: c.NameEn, Type: c.Type,
				Region: c.Region, Level: c.Level, Active: true, CreatedAt: now, UpdatedAt: now}
			added, err := tx.EnsureOrganization(ctx, &o)
			if err != nil {
				return err
			}
			r.Organizations += b2i(added)
		}
		for _, c := range catalog.Communities() {
			m := Community{Code: c.Code, Name: c.Name, NameEn: c.NameEn, Region: c.Region,
				City: c.City, County: c.County, Scale: c.Scale, Pilot: c.Pilot, Active: true,
				RegionCode: c.RegionCode, CityCode: CityCodeOf(c.RegionCode), CreatedAt: now, UpdatedAt: now}
			added, err := tx.EnsureCommunity(ctx, &m)
			if err != nil {
				return err
			}
			r.Communities += b2i(added)
		}
		for _, y := range calendar.Official() {
			added, err := tx.EnsureCalendarYear(ctx, y, now)
			if err != nil {
				return err
			}
			r.CalendarYears += b2i(added)
		}
		added, err := seedExampleStandard(ctx, tx, now)
		if err != nil {
			return err
		}
		r.Standards += b2i(added)
		if r != (SeedReport{}) {
			e := auditOf(SystemActor(), now, "seed.reference", "catalog", "")
			return tx.AddAudit(ctx, &e)
		}
		return nil
	})
	return r, err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// EnsureAdmin creates the "admin" account when there is no active admin:
// on first start, also when other accounts were added with the CLI before
// it. It uses password when given, else a random one, and returns the
// password it set (empty when nothing was created), for printing once. When
// the username "admin" is already taken (another replica made it first, or
// an operator gave it to someone else) it creates nothing.
func (s *UserService) EnsureAdmin(ctx context.Context, password string) (string, error) {
	active := true
	admins, err := s.Store.Users(ctx, UserFilter{Role: RoleAdmin, Active: &active}, Page{Limit: 1})
	if err != nil || len(admins) > 0 {
		return "", err
	}
	if password == "" {
		b := make([]byte, 15)
		_, _ = rand.Read(b) // never fails on supported platforms
		password = base64.RawURLEncoding.EncodeToString(b)
	}
	_, err = s.CreateUser(ctx, SystemActor(), CreateUser{Username: catalog.AdminUsername,
		DisplayName: catalog.AdminDisplayName, Email: catalog.AdminEmail, Role: RoleAdmin, Password: password})
	if ErrorKey(err) == "user.username_taken" {
		return "", nil // another replica made it first
	}
	if err != nil {
		return "", err
	}
	return password, nil
}
