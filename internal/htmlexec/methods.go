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
	fn   reflect.Value
	call func(reflect.Value) reflect.Value
}

// StringMethod is the method expression m, such as (*model.Date).Machine,
// of a method with no arguments whose result is of a string kind (string,
// template.HTML).
func StringMethod[T any, R ~string](m func(*T) R) Method { return method(m) }

// BoolMethod is the method expression m, such as (*model.Date).IsZero, of
// a method with no arguments whose result is a bool.
func BoolMethod[T any](m func(*T) bool) Method { return method(m) }

// method is a Method of any result; the results templates use from
// methods are strings and bools, which the exported forms keep it to.
func method[T, R any](m func(*T) R) Method {
	return Method{reflect.TypeFor[*T](), reflect.ValueOf(m), func(v reflect.Value) reflect.Value {
		return reflect.ValueOf(m(v.Interface().(*T)))
	}}
}

// Methods makes compiled templates call ms directly wherever they call
// those methods on addressable values or pointers; on other values, and
// under html/template, the methods run as before. It must be called
// before the first Execute, and panics if a Method is not a method
// expression of its receiver's type: a function that only has a method's
// type could do something else under its name.
func (s *Set) Methods(ms ...Method) {
	if s.methods == nil {
		s.methods = map[methodKey]func(reflect.Value) reflect.Value{}
	}
	for _, m := range ms {
		name, ok := methodName(m.recv, m.fn)
		if !ok {
			panic(fmt.Sprintf("htmlexec: %v is not a method expression of %v", m.fn.Type(), m.recv))
		}
		s.methods[methodKey{m.recv, name}] = m.call
	}
}

// methodName is the name of recv's method whose code fn is: a method
// expression is the function reflection finds among the type's methods.
func methodName(recv reflect.Type, fn reflect.Value) (string, bool) {
	for i := range recv.NumMethod() {
		if dm := recv.Method(i); dm.Func.Pointer() == fn.Pointer() && dm.Type == fn.Type() {
			return dm.Name, true
		}
	}
	return "", false
}

type methodKey struct {
	recv reflect.Type
	name string
}
