package htmlexec

import (
	"cmp"
	"html/template"
	"reflect"
	"strings"
	"text/template/parse"
)

// function compiles a call of a function of the set or of a builtin.
func (c *compiler) function(name string, args []parse.Node) (command, error) {
	if fn, ok := c.set.funcs[name]; ok {
		return c.setFunc(fn, args)
	}
	vals, err := compileAll(args, func(_ int, a parse.Node) (arg, error) { return c.anyArg(a) })
	if err != nil {
		return nil, err
	}
	switch name {
	case "and", "or":
		if len(args) == 0 {
			return nil, errCompile
		}
		or := name == "or"
		return func(s *state, dot, final reflect.Value, hasFinal bool) (reflect.Value, error) {
			var v reflect.Value
			for _, a := range vals {
				var err error
				if v, err = a(s, dot); err != nil {
					return v, err
				}
				if truth(v) == or {
					return v, nil
				}
			}
			if hasFinal {
				v = final
			}
			return v, nil
		}, nil
	}
	if f, ok := builtins[name]; ok {
		return func(s *state, dot, final reflect.Value, hasFinal bool) (reflect.Value, error) {
			argv, err := evalAll(s, dot, vals, final, hasFinal)
			if err != nil {
				return reflect.Value{}, err
			}
			v, ok := f(argv)
			if !ok {
				return reflect.Value{}, errUnsupported
			}
			return v, nil
		}, nil
	}
	return nil, errCompile
}

// builtins are text/template's builtins this package covers, but for
// and and or, which evaluate their arguments lazily. Each takes its
// evaluated arguments; ok is false where text/template would do anything
// else: other kinds, another number of arguments, an error.
var builtins = map[string]func(argv []reflect.Value) (v reflect.Value, ok bool){
	"not": func(argv []reflect.Value) (reflect.Value, bool) {
		if len(argv) != 1 {
			return reflect.Value{}, false
		}
		return reflect.ValueOf(!truth(argv[0])), true
	},
	"len": func(argv []reflect.Value) (reflect.Value, bool) {
		if len(argv) != 1 {
			return reflect.Value{}, false
		}
		item, isNil := indirect(argv[0])
		switch item.Kind() {
		case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(item.Len()), !isNil
		}
		return reflect.Value{}, false
	},
	"eq": func(argv []reflect.Value) (reflect.Value, bool) {
		if len(argv) < 2 {
			return reflect.Value{}, false
		}
		for _, b := range argv[1:] {
			if same, ok := equal(argv[0], b); !ok || same {
				return reflect.ValueOf(true), ok
			}
		}
		return reflect.ValueOf(false), true
	},
	"ne": func(argv []reflect.Value) (reflect.Value, bool) {
		if len(argv) != 2 {
			return reflect.Value{}, false
		}
		same, ok := equal(argv[0], argv[1])
		return reflect.ValueOf(!same), ok
	},
	"lt": ordered(func(c int) bool { return c < 0 }),
	"le": ordered(func(c int) bool { return c <= 0 }),
	"gt": ordered(func(c int) bool { return c > 0 }),
	"ge": ordered(func(c int) bool { return c >= 0 }),
	"index": func(argv []reflect.Value) (reflect.Value, bool) {
		if len(argv) == 0 {
			return reflect.Value{}, false
		}
		return index(argv[0], argv[1:])
	},
}

// ordered is lt, le, gt or ge: test of how the two arguments compare.
func ordered(test func(c int) bool) func([]reflect.Value) (reflect.Value, bool) {
	return func(argv []reflect.Value) (reflect.Value, bool) {
		if len(argv) != 2 {
			return reflect.Value{}, false
		}
		c, ok := compare(argv[0], argv[1])
		return reflect.ValueOf(test(c)), ok
	}
}

// evalAll evaluates the arguments of a builtin, the pipeline's final
// value last.
func evalAll(s *state, dot reflect.Value, vals []arg, final reflect.Value, hasFinal bool) ([]reflect.Value, error) {
	argv := make([]reflect.Value, 0, len(vals)+1)
	for _, a := range vals {
		v, err := a(s, dot)
		if err != nil {
			return nil, err
		}
		argv = append(argv, v)
	}
	if hasFinal {
		argv = append(argv, final)
	}
	return argv, nil
}

// equal is eq for two values of one basic kind, or integers of either
// sign; ok is false for the comparisons text/template makes otherwise.
func equal(a, b reflect.Value) (same, ok bool) {
	a, b = indirectInterface(a), indirectInterface(b)
	ka, kb := basicKind(a), basicKind(b)
	switch {
	case ka == invalidKind || kb == invalidKind:
		return false, false
	case ka == intKind && kb == uintKind:
		return a.Int() >= 0 && uint64(a.Int()) == b.Uint(), true
	case ka == uintKind && kb == intKind:
		return b.Int() >= 0 && a.Uint() == uint64(b.Int()), true
	case ka != kb:
		return false, false
	}
	switch ka {
	case boolKind:
		return a.Bool() == b.Bool(), true
	case intKind:
		return a.Int() == b.Int(), true
	case uintKind:
		return a.Uint() == b.Uint(), true
	case stringKind:
		return a.String() == b.String(), true
	}
	return false, false
}

// compare orders two integers of one sign or two strings, as lt, le, gt
// and ge do; ok is false for the other comparisons they make.
func compare(a, b reflect.Value) (c int, ok bool) {
	a, b = indirectInterface(a), indirectInterface(b)
	ka := basicKind(a)
	if ka != basicKind(b) {
		return 0, false
	}
	switch ka {
	case intKind:
		return cmp.Compare(a.Int(), b.Int()), true
	case uintKind:
		return cmp.Compare(a.Uint(), b.Uint()), true
	case stringKind:
		return strings.Compare(a.String(), b.String()), true
	}
	return 0, false
}

type kind uint8

const (
	invalidKind kind = iota
	boolKind
	intKind
	uintKind
	stringKind
)

func basicKind(v reflect.Value) kind {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind
	case reflect.String:
		return stringKind
	}
	return invalidKind
}

// index is the builtin index over slices, arrays and maps with string keys.
func index(item reflect.Value, indexes []reflect.Value) (reflect.Value, bool) {
	item = indirectInterface(item)
	for _, x := range indexes {
		x = indirectInterface(x)
		var isNil bool
		if item, isNil = indirect(item); isNil {
			return reflect.Value{}, false
		}
		switch item.Kind() {
		case reflect.Array, reflect.Slice:
			if basicKind(x) != intKind || x.Int() < 0 || x.Int() >= int64(item.Len()) {
				return reflect.Value{}, false
			}
			item = item.Index(int(x.Int()))
		case reflect.Map:
			if !x.IsValid() || x.Type() != item.Type().Key() {
				return reflect.Value{}, false
			}
			if v := item.MapIndex(x); v.IsValid() {
				item = v
			} else {
				item = reflect.Zero(item.Type().Elem())
			}
		default:
			return reflect.Value{}, false
		}
	}
	return item, true
}

// setFunc compiles a call of one of the set's functions. The shapes of
// the functions pages call most are called without reflection.
func (c *compiler) setFunc(fn reflect.Value, args []parse.Node) (command, error) {
	typ := fn.Type()
	if typ.NumOut() == 0 || typ.NumOut() > 2 || typ.NumOut() == 2 && typ.Out(1) != errorType {
		return nil, errCompile
	}
	vals, err := c.typedArgs(args, typ)
	if err != nil {
		return nil, err
	}
	direct := directCall(fn)
	return func(s *state, dot, final reflect.Value, hasFinal bool) (reflect.Value, error) {
		argv, err := evalArgs(s, dot, typ, vals, final, hasFinal)
		if err != nil {
			return reflect.Value{}, err
		}
		if direct != nil {
			return direct(argv)
		}
		return callFunc(fn, argv)
	}, nil
}

// evalArgs evaluates the arguments of a call of a function of type typ,
// the pipeline's final value last.
func evalArgs(s *state, dot reflect.Value, typ reflect.Type, vals []arg, final reflect.Value, hasFinal bool) ([]reflect.Value, error) {
	n := len(vals)
	if hasFinal {
		n++
	}
	if typ.IsVariadic() && n < typ.NumIn()-1 || !typ.IsVariadic() && n != typ.NumIn() {
		return nil, errUnsupported
	}
	argv, err := evalAll(s, dot, vals, final, hasFinal)
	if err != nil || !hasFinal {
		return argv, err
	}
	v, ok := validateType(final, paramType(typ, n-1))
	if !ok {
		return nil, errUnsupported
	}
	argv[n-1] = v
	return argv, nil
}

// paramType is the type of a function's i'th argument.
func paramType(typ reflect.Type, i int) reflect.Type {
	if typ.IsVariadic() && i >= typ.NumIn()-1 {
		return typ.In(typ.NumIn() - 1).Elem()
	}
	if i >= typ.NumIn() {
		return nil
	}
	return typ.In(i)
}

var (
	htmlType  = reflect.TypeFor[template.HTML]()
	anyType   = reflect.TypeFor[any]()
	valueType = reflect.TypeFor[reflect.Value]()
)

// directCall calls functions of a few common shapes without reflection.
func directCall(fn reflect.Value) func([]reflect.Value) (reflect.Value, error) {
	result := func(h template.HTML, err error) (reflect.Value, error) {
		if err != nil {
			return reflect.Value{}, errUnsupported
		}
		return reflect.ValueOf(h), nil
	}
	switch f := fn.Interface().(type) {
	case func(string, any, ...any) (template.HTML, error):
		return func(argv []reflect.Value) (reflect.Value, error) {
			rest := make([]any, len(argv)-2)
			for i, v := range argv[2:] {
				rest[i] = v.Interface()
			}
			return result(f(argv[0].String(), argv[1].Interface(), rest...))
		}
	case func(string, any) (template.HTML, error):
		return func(argv []reflect.Value) (reflect.Value, error) {
			return result(f(argv[0].String(), argv[1].Interface()))
		}
	case func(int, int) int:
		return func(argv []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(int(argv[0].Int()), int(argv[1].Int()))), nil
		}
	case func(string) string:
		return func(argv []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(argv[0].String())), nil
		}
	case func(int, string, string) string:
		return func(argv []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(int(argv[0].Int()), argv[1].String(), argv[2].String())), nil
		}
	}
	return nil
}

// typedArg compiles an argument given to a parameter of type typ, as
// text/template converts it.
func (c *compiler) typedArg(n parse.Node, typ reflect.Type) (arg, error) {
	if typ == nil || typ == valueType {
		return nil, errCompile
	}
	switch n := n.(type) {
	case *parse.DotNode, *parse.FieldNode, *parse.VariableNode, *parse.PipeNode, *parse.IdentifierNode, *parse.ChainNode:
		a, err := c.anyArg(n)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot reflect.Value) (reflect.Value, error) {
			v, err := a(s, dot)
			if err != nil {
				return v, err
			}
			v, ok := validateType(v, typ)
			if !ok {
				return v, errUnsupported
			}
			return v, nil
		}, nil
	case *parse.StringNode:
		if typ.Kind() == reflect.String {
			return constant(reflect.ValueOf(n.Text).Convert(typ)), nil
		}
	case *parse.BoolNode:
		if typ.Kind() == reflect.Bool {
			return constant(reflect.ValueOf(n.True).Convert(typ)), nil
		}
	case *parse.NumberNode:
		switch {
		case basicKind(reflect.Zero(typ)) == intKind && n.IsInt:
			return constant(reflect.ValueOf(n.Int64).Convert(typ)), nil
		case basicKind(reflect.Zero(typ)) == uintKind && n.IsUint:
			return constant(reflect.ValueOf(n.Uint64).Convert(typ)), nil
		}
	}
	if typ == anyType {
		return c.anyArg(n)
	}
	return nil, errCompile
}

// validateType is text/template's conversion of a value to the type of
// the parameter it is given to; ok is false where it would fail.
func validateType(v reflect.Value, typ reflect.Type) (reflect.Value, bool) {
	if !v.IsValid() {
		switch typ.Kind() {
		case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
			return reflect.Zero(typ), true
		}
		return v, false
	}
	if v.Type().AssignableTo(typ) {
		return v, true
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		if e := v.Elem(); e.Type().AssignableTo(typ) {
			return e, true
		}
	}
	switch {
	case v.Kind() == reflect.Pointer && v.Type().Elem().AssignableTo(typ):
		if v.IsNil() {
			return v, false
		}
		return v.Elem(), true
	case reflect.PointerTo(v.Type()).AssignableTo(typ) && v.CanAddr():
		return v.Addr(), true
	}
	return v, false
}
