package htmlexec

import (
	"fmt"
	"reflect"
)

// Method is a method of the data that a Set calls without reflection.
// A method called through reflect.Value.Call costs its layout, its
// receiver and its slices of arguments and results: a date's Machine or
// Human is called several times on every row of a listing.
type Method struct {
	recv reflect.Type // the pointer type whose method it is
	name string
	out  reflect.Type
	call func(reflect.Value) reflect.Value
}

// StringMethod is the method name of *T, which f calls, for a method of
// no arguments whose result is of a string kind (string, template.HTML).
func StringMethod[T any, R ~string](name string, f func(*T) R) Method {
	return method(name, f)
}

// BoolMethod is the method name of *T, which f calls, for a method of no
// arguments whose result is a bool.
func BoolMethod[T any](name string, f func(*T) bool) Method { return method(name, f) }

// method is a Method of any result; the results templates use from
// methods are strings and bools, which the exported forms keep it to.
func method[T, R any](name string, f func(*T) R) Method {
	return Method{reflect.TypeFor[*T](), name, reflect.TypeFor[R](), func(v reflect.Value) reflect.Value {
		return reflect.ValueOf(f(v.Interface().(*T)))
	}}
}

// Methods makes compiled templates call ms directly wherever they call
// those methods on addressable values or pointers; on other values, and
// under html/template, the methods run as before. It must be called
// before the first Execute, and panics if a Method is not what its type
// declares: no arguments and one result of the same type.
func (s *Set) Methods(ms ...Method) {
	if s.methods == nil {
		s.methods = map[methodKey]func(reflect.Value) reflect.Value{}
	}
	for _, m := range ms {
		dm, ok := m.recv.MethodByName(m.name)
		if !ok || dm.Type.NumIn() != 1 || dm.Type.NumOut() != 1 || dm.Type.Out(0) != m.out {
			panic(fmt.Sprintf("htmlexec: %v has no method %s() %v", m.recv, m.name, m.out))
		}
		s.methods[methodKey{m.recv, m.name}] = m.call
	}
}

type methodKey struct {
	recv reflect.Type
	name string
}
