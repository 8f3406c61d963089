// Package catalog holds the reference data that xietong seeds at start: the
// organisation types, the regions, the partner organisations and the pilot
// communities of the Shaanxi "和谐社区·幸福家园" campaign (notice
// 陕建发〔2014〕275号).
//
// The data are Go literals rather than a file so that a release carries
// exactly one reviewed version of them and a test can check every invariant
// below before it ships. The one exception is the province's administrative
// divisions (Divisions): regions.csv is the National Bureau of Statistics'
// 2023 statistical division codes (统计用区划代码, as of 2023-06-30,
// published 2023-09-11) for Shaanxi's 10 cities and 107 counties, as
// compiled in the public dataset modood/Administrative-divisions-of-China
// (WTFPL), copied unchanged and embedded, so it can be compared with its
// source line by line; the tests check it as they check the literals.
//
// Invariants:
//
//   - Codes are permanent identifiers and must never change or be reused.
//     Seeding is idempotent by code: it inserts what is missing and leaves
//     existing rows alone, so an admin's edits to names, English names or
//     scales survive upgrades. Renaming a code would instead create a second
//     row and orphan every task, user and report that points at the old one.
//     To correct a name, change the literal here (new installations) and let
//     admins edit existing ones; never touch the code.
//   - Every organisation's Type is an OrgType code and its Region a Region
//     code. Each of the ten cities (the pilots 西安, 宝鸡, 汉中, 安康 and
//     铜川, 咸阳, 渭南, 延安, 榆林, 商洛) has one organisation of every
//     type; its housing bureau has the code "<region>-housing". The pilot
//     counties 勉县 and 石泉县 have one of every type that has a body at
//     county level (all but sports, science_tech and financial_affairs,
//     org_county.go says why). Xi'an
//     additionally has two housing-type bodies that the notice addresses
//     directly (its housing security and housing administration bureau and
//     its shanty-town renovation office), so a filter by type "housing" in
//     Xi'an returns three rows.
//   - Every function returns a freshly built slice, so a caller may modify
//     what it gets without affecting anyone else; the package holds no
//     mutable state.
//
// Names follow the bodies' current official Chinese names (after the
// 2018–2019 institutional reform), except the notice's addressees outside
// the city housing bureaus, which keep the names the 2014 notice uses.
// English names follow the translation style Chinese governments use on
// their own sites ("Xi'an Municipal Public Security Bureau").
package catalog
