package render

import (
	"encoding"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
)

// A number that is not finite (NaN, ±Inf) has no JSON form, and
// encoding/json refuses the whole value for it. JSON writes such a number
// as null instead, as a last line of defence (okr never fails to write its
// output for a number it computed): it encodes a copy of the value in which
// each non-finite float64 is a sentinel, a finite number that the value
// does not hold, and writes that number's token as null.

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// nullSentinel returns a copy of v in which every non-finite float64 that
// encoding/json would write is replaced by a sentinel, and the sentinel's
// JSON token (as encoding/json writes it, before rounding).
func nullSentinel(v any) (any, []byte) {
	s := math.MaxFloat64
	for {
		c := finiteCopier{sentinel: s}
		out := c.copy(reflect.ValueOf(v))
		if !c.clash {
			tok := strconv.AppendFloat(nil, s, 'e', -1, 64)
			// encoding/json writes e+308 as it is: the same token
			if !out.IsValid() {
				return v, tok
			}
			return out.Interface(), tok
		}
		s = math.Nextafter(s, 0) // v holds that value: try the next one down
	}
}

// finiteCopier copies values, replacing non-finite float64s by sentinel;
// clash records that a finite float64 equal to sentinel was met.
type finiteCopier struct {
	sentinel float64
	clash    bool
}

// copy returns a copy of v of the same type. Values of types that marshal
// themselves are shared, not copied: their bytes are theirs to decide.
func (c *finiteCopier) copy(v reflect.Value) reflect.Value {
	if !v.IsValid() {
		return v
	}
	t := v.Type()
	if t.Kind() != reflect.Interface && (t.Implements(jsonMarshaler) || t.Implements(textMarshaler) ||
		reflect.PointerTo(t).Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(textMarshaler)) {
		return v
	}
	switch t.Kind() {
	case reflect.Float64:
		f := v.Float()
		if f == c.sentinel {
			c.clash = true
		}
		if !math.IsInf(f, 0) && !math.IsNaN(f) {
			return v
		}
		n := reflect.New(t).Elem()
		n.SetFloat(c.sentinel)
		return n
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		n := reflect.New(t.Elem())
		n.Elem().Set(c.copy(v.Elem()))
		return n
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		n := reflect.New(t).Elem()
		n.Set(c.copy(v.Elem()))
		return n
	case reflect.Struct:
		n := reflect.New(t).Elem()
		n.Set(v) // unexported fields too: encoding/json skips them
		for i := range t.NumField() {
			if f := n.Field(i); f.CanSet() {
				f.Set(c.copy(v.Field(i)))
			}
		}
		return n
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		n := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			n.Index(i).Set(c.copy(v.Index(i)))
		}
		return n
	case reflect.Array:
		n := reflect.New(t).Elem()
		for i := range v.Len() {
			n.Index(i).Set(c.copy(v.Index(i)))
		}
		return n
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		n := reflect.MakeMapWithSize(t, v.Len())
		for it := v.MapRange(); it.Next(); {
			n.SetMapIndex(it.Key(), c.copy(it.Value()))
		}
		return n
	}
	return v
}
