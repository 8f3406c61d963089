package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// regionJSON is a city or county (parent null for a city), or with level
// "area" one of the areas the notice addresses directly.
type regionJSON struct {
	Code   string   `json:"code"`
	Name   string   `json:"name"`
	NameEn string   `json:"name_en"`
	Level  string   `json:"level"`
	Parent *string  `json:"parent"`
	Covers []string `json:"covers,omitempty"`
	Within []string `json:"within,omitempty"`
}

func toRegionJSON(g domain.Region) regionJSON {
	out := regionJSON{Code: g.Code, Name: g.Name, NameEn: g.NameEn, Level: g.Level, Covers: g.Covers, Within: g.Within}
	if g.Parent != "" {
		out.Parent = &g.Parent
	}
	return out
}

// handleRegionList lists the province's cities and counties in code order;
// ?level=city|county|area and ?parent= filter. The list is one page.
func (a api) handleRegionList(c echo.Context) error {
	regions, err := domain.Regions(domain.RegionFilter{Level: c.QueryParam("level"), Parent: c.QueryParam("parent")})
	if err != nil {
		return err
	}
	out := listJSON[regionJSON]{Items: make([]regionJSON, len(regions))}
	for i, g := range regions {
		out.Items[i] = toRegionJSON(g)
	}
	return c.JSON(http.StatusOK, out)
}
