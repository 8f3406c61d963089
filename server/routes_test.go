package server

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestRoutesInOneFile keeps every route registration in routes.go, so that
// one file lists every path the server answers: a call of echo's route
// methods (e.GET, e.Add(http.MethodPost, …), a group) anywhere else in the
// package's code fails.
func TestRoutesInOneFile(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	routeMethods := map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true,
		"DELETE": true, "OPTIONS": true, "CONNECT": true, "TRACE": true, "Any": true, "Match": true,
		"Group": true, "Static": true, "StaticFS": true, "File": true, "FileFS": true, "RouteNotFound": true}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if name == "routes.go" || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			if routeMethods[sel.Sel.Name] || sel.Sel.Name == "Add" && isHTTPMethod(call.Args[0]) {
				t.Errorf("%s: a route is registered outside routes.go", fset.Position(call.Pos()))
			}
			return true
		})
	}
	if checked < 10 {
		t.Fatalf("checked %d files, want the package's", checked)
	}
}

// isHTTPMethod reports whether e is one of net/http's MethodX constants.
func isHTTPMethod(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && strings.HasPrefix(sel.Sel.Name, "Method")
}
