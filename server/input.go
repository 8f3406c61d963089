package server

import (
	"reflect"
	"strings"

	"xietong/domain"
)

// checkBound refuses a decoded request value when one of its strings holds
// a NUL, another stray control character or invalid UTF-8, naming the JSON
// field. The store refuses such text anyway (by column); checking after
// decoding answers earlier, in the client's own field names, and tells the
// text "\u0000" a person typed from an escaped NUL.
func checkBound(v any) error {
	if field, bad := unstorableField(reflect.ValueOf(v), "(body)"); bad {
		return domain.Invalid("input.control_character", field)
	}
	return nil
}

// unstorableField walks v and returns the name of the first field holding
// text that may not be stored.
func unstorableField(v reflect.Value, name string) (string, bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return unstorableField(v.Elem(), name)
		}
	case reflect.String:
		if !domain.StorableText(v.String()) {
			return name, true
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			fname, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if fname == "" {
				fname = f.Name
			}
			if n, bad := unstorableField(v.Field(i), fname); bad {
				return n, true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if n, bad := unstorableField(v.Index(i), name); bad {
				return n, true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if n, bad := unstorableField(it.Key(), name); bad {
				return n, true
			}
			if n, bad := unstorableField(it.Value(), name); bad {
				return n, true
			}
		}
	}
	return "", false
}
