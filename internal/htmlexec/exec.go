// Package htmlexec executes the templates of an html/template set faster
// than html/template does, with the same output.
//
// text/template, which html/template runs after escaping, looks up every
// field by name and calls every function, escapers included, through
// reflection with a fresh slice of arguments: on a page of a hundred
// actions that is most of the time the page takes. A Set compiles each
// template, once html/template has escaped it, into closures that keep
// what they looked up for the type they last saw and call the escapers
// directly; methods of the data it is told of (Methods) are called
// without reflection too.
//
// It covers what pages commonly use: fields, methods, variables, if,
// with, range over slices, arrays and integers, template calls, the
// functions of the set, and the builtins and, or, not, eq, ne, lt, le,
// gt, ge (on integers and strings), len and index. Whatever else a
// template does, or any error, makes a Set run html/template instead for
// that template, so output and error messages are always html/template's.
package htmlexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"sync"
	"sync/atomic"
	"text/template/parse"
)

// Set executes the templates of one html/template set.
type Set struct {
	html  *template.Template
	funcs map[string]reflect.Value
	// progs holds each template's compiled form once html/template has
	// executed (and so escaped) it, or nil when it cannot be compiled or
	// a run gave up on it.
	progs sync.Map // name → *program
	// verify runs html/template after every compiled run and compares.
	verify bool
	// methods are the data's methods called without reflection (Methods).
	methods map[methodKey]func(reflect.Value) reflect.Value
}

// New returns a Set for t, whose functions are funcs (the FuncMap given
// to t).
func New(t *template.Template, funcs template.FuncMap) *Set {
	s := &Set{html: t, funcs: map[string]reflect.Value{}}
	for name, f := range funcs {
		s.funcs[name] = reflect.ValueOf(f)
	}
	return s
}

// Verify makes every run after a template's first be compiled and
// checked against html/template's: Execute then returns an error naming
// the template when one cannot run compiled or writes other bytes. Tests
// of templates meant to run compiled use it; it doubles the work.
func (s *Set) Verify() { s.verify = true }

// Execute applies the named template to data, writing to b.
func (s *Set) Execute(b *bytes.Buffer, name string, data any) error {
	start := b.Len()
	p, ready := s.progs.Load(name)
	if prog, _ := p.(*program); prog != nil {
		if err := prog.run(s, b, data); err == nil {
			if s.verify {
				return s.check(b, start, name, data)
			}
			return nil
		}
		// html/template gives the output, or the error; a template that
		// failed once is left to it.
		b.Truncate(start)
		s.progs.Store(name, (*program)(nil))
	}
	if err := s.html.ExecuteTemplate(b, name, data); err != nil {
		return err
	}
	if !ready {
		// html/template has escaped the template and all it calls.
		s.progs.LoadOrStore(name, s.compile(name))
	} else if s.verify {
		return fmt.Errorf("htmlexec: %s cannot run compiled", name)
	}
	return nil
}

func (s *Set) check(b *bytes.Buffer, start int, name string, data any) error {
	var want bytes.Buffer
	if err := s.html.ExecuteTemplate(&want, name, data); err != nil {
		return fmt.Errorf("htmlexec: %s: html/template failed where the compiled template did not: %w", name, err)
	}
	if got := b.Bytes()[start:]; !bytes.Equal(got, want.Bytes()) {
		i := 0
		for i < len(got) && i < len(want.Bytes()) && got[i] == want.Bytes()[i] {
			i++
		}
		return fmt.Errorf("htmlexec: %s differs from html/template at byte %d: %q, want %q", name, i, excerpt(got, i), excerpt(want.Bytes(), i))
	}
	return nil
}

func excerpt(b []byte, i int) []byte {
	lo, hi := max(0, i-40), min(len(b), i+40)
	return b[lo:hi]
}

// compile compiles the named template, or returns nil if it uses what
// this package does not cover.
func (s *Set) compile(name string) *program {
	t := s.html.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return nil
	}
	c := &compiler{set: s}
	root, err := c.list(t.Tree.Root)
	if err != nil {
		return nil
	}
	return &program{root: root}
}

// lookup returns the compiled form of a template another calls: it was
// escaped with its caller.
func (s *Set) lookup(name string) *program {
	if p, ok := s.progs.Load(name); ok {
		return p.(*program)
	}
	p, _ := s.progs.LoadOrStore(name, s.compile(name))
	return p.(*program)
}

type program struct{ root node }

func (p *program) run(set *Set, b *bytes.Buffer, data any) (err error) {
	defer func() {
		// Methods and functions of the data may panic; html/template
		// then reports it as its error.
		if r := recover(); r != nil {
			err = errUnsupported
		}
	}()
	dot := reflect.ValueOf(data)
	st := &state{set: set, w: b, vars: []variable{{"$", dot}}}
	return p.root(st, dot)
}

// errUnsupported stops a compiled run: html/template runs the template.
var errUnsupported = errors.New("htmlexec: not supported")

// errBreak and errContinue carry {{break}} and {{continue}} to their range.
var (
	errBreak    = errors.New("break")
	errContinue = errors.New("continue")
)

type state struct {
	set   *Set
	w     *bytes.Buffer
	vars  []variable
	depth int
}

// popTo ends the scopes opened since the run had n variables.
func (s *state) popTo(n int) { s.vars = s.vars[:n] }

type variable struct {
	name  string
	value reflect.Value
}

func (s *state) varValue(name string) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, errUnsupported
}

func (s *state) setVar(name string, v reflect.Value) error {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = v
			return nil
		}
	}
	return errUnsupported
}

// node writes a part of a template.
type node func(s *state, dot reflect.Value) error

// command evaluates one command of a pipeline; final is the value of the
// command before it, when hasFinal.
type command func(s *state, dot, final reflect.Value, hasFinal bool) (reflect.Value, error)

// arg evaluates an argument of a function or method.
type arg func(s *state, dot reflect.Value) (reflect.Value, error)

type compiler struct{ set *Set }

var errCompile = errors.New("htmlexec: cannot compile")

// list compiles a list of nodes; a missing one (an absent else) writes
// nothing.
func (c *compiler) list(l *parse.ListNode) (node, error) {
	if l == nil {
		return func(*state, reflect.Value) error { return nil }, nil
	}
	nodes := make([]node, 0, len(l.Nodes))
	for _, n := range l.Nodes {
		f, err := c.node(n)
		if err != nil {
			return nil, err
		}
		if f != nil {
			nodes = append(nodes, f)
		}
	}
	if len(nodes) == 1 {
		return nodes[0], nil
	}
	return func(s *state, dot reflect.Value) error {
		for _, n := range nodes {
			if err := n(s, dot); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func (c *compiler) node(n parse.Node) (node, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		text := n.Text
		return func(s *state, _ reflect.Value) error {
			s.w.Write(text)
			return nil
		}, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		return c.action(n)
	case *parse.IfNode:
		return c.ifOrWith(&n.BranchNode, false)
	case *parse.WithNode:
		return c.ifOrWith(&n.BranchNode, true)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		return c.templateNode(n)
	case *parse.ListNode:
		return c.list(n)
	case *parse.BreakNode:
		return func(*state, reflect.Value) error { return errBreak }, nil
	case *parse.ContinueNode:
		return func(*state, reflect.Value) error { return errContinue }, nil
	}
	return nil, errCompile
}

// action is {{pipeline}}. A printing action ends in html/template's
// escapers: those are applied to the text of the value and written out
// without boxing each intermediate string.
func (c *compiler) action(n *parse.ActionNode) (node, error) {
	if len(n.Pipe.Decl) > 0 {
		p, err := c.pipeline(n.Pipe)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot reflect.Value) error {
			_, err := p(s, dot)
			return err
		}, nil
	}
	cmds := n.Pipe.Cmds
	var escs []escaper
	for len(cmds) > 0 {
		last := cmds[len(cmds)-1]
		id, ok := last.Args[0].(*parse.IdentifierNode)
		if !ok || len(last.Args) != 1 {
			break
		}
		e, ok := escapers[id.Ident]
		if !ok {
			break
		}
		escs = append([]escaper{e}, escs...)
		cmds = cmds[:len(cmds)-1]
	}
	if len(escs) == 0 || len(cmds) == 0 {
		// html/template escapes every value it prints, with escapers
		// this package reproduces or not.
		return nil, errCompile
	}
	value, err := c.commands(cmds)
	if err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) error {
		v, err := value(s, dot)
		if err != nil {
			return err
		}
		text, t, ok := stringify(v)
		if !ok {
			return errUnsupported
		}
		for _, e := range escs {
			if text, ok = e(text, t); !ok {
				return errUnsupported
			}
			t = plain
		}
		s.w.WriteString(text)
		return nil
	}, nil
}

// pipeline evaluates a pipeline and declares or assigns its variables.
func (c *compiler) pipeline(p *parse.PipeNode) (arg, error) {
	if p == nil {
		return func(*state, reflect.Value) (reflect.Value, error) { return reflect.Value{}, nil }, nil
	}
	value, err := c.commands(p.Cmds)
	if err != nil {
		return nil, err
	}
	if len(p.Decl) == 0 {
		return value, nil
	}
	names := make([]string, len(p.Decl))
	for i, d := range p.Decl {
		names[i] = d.Ident[0]
	}
	assign := p.IsAssign
	return func(s *state, dot reflect.Value) (reflect.Value, error) {
		v, err := value(s, dot)
		if err != nil {
			return v, err
		}
		for _, name := range names {
			if assign {
				if err := s.setVar(name, v); err != nil {
					return v, err
				}
			} else {
				s.vars = append(s.vars, variable{name, v})
			}
		}
		return v, nil
	}, nil
}

func (c *compiler) commands(cmds []*parse.CommandNode) (arg, error) {
	fs, err := compileAll(cmds, func(_ int, cmd *parse.CommandNode) (command, error) { return c.command(cmd) })
	if err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) (reflect.Value, error) {
		var v reflect.Value
		for i, f := range fs {
			var err error
			if v, err = f(s, dot, v, i > 0); err != nil {
				return v, err
			}
			if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
				v = v.Elem()
			}
		}
		return v, nil
	}, nil
}

func (c *compiler) command(cmd *parse.CommandNode) (command, error) {
	args := cmd.Args[1:]
	noArgs := func(f arg) (command, error) {
		if len(args) > 0 {
			return nil, errCompile
		}
		return func(s *state, dot, _ reflect.Value, hasFinal bool) (reflect.Value, error) {
			if hasFinal {
				return reflect.Value{}, errUnsupported
			}
			return f(s, dot)
		}, nil
	}
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return c.fieldChain(func(_ *state, dot reflect.Value) (reflect.Value, error) { return dot, nil }, n.Ident, args)
	case *parse.VariableNode:
		name := n.Ident[0]
		v := func(s *state, _ reflect.Value) (reflect.Value, error) { return s.varValue(name) }
		if len(n.Ident) == 1 {
			return noArgs(v)
		}
		return c.fieldChain(v, n.Ident[1:], args)
	case *parse.ChainNode:
		if n.Node.Type() == parse.NodeNil {
			return nil, errCompile
		}
		recv, err := c.anyArg(n.Node)
		if err != nil {
			return nil, err
		}
		return c.fieldChain(recv, n.Field, args)
	case *parse.IdentifierNode:
		return c.function(n.Ident, args)
	case *parse.PipeNode, *parse.BoolNode, *parse.DotNode, *parse.NumberNode, *parse.StringNode:
		f, err := c.anyArg(n)
		if err != nil {
			return nil, err
		}
		return noArgs(f)
	}
	return nil, errCompile
}

// anyArg evaluates n as an argument of type any (or reflect.Value).
func (c *compiler) anyArg(n parse.Node) (arg, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return func(_ *state, dot reflect.Value) (reflect.Value, error) { return dot, nil }, nil
	case *parse.BoolNode:
		v := reflect.ValueOf(n.True)
		return constant(v), nil
	case *parse.StringNode:
		return constant(reflect.ValueOf(n.Text)), nil
	case *parse.NumberNode:
		// Only plain integers: html/template's rules for the others
		// are not worth reproducing.
		if !n.IsInt || n.IsFloat && hasFloatSyntax(n.Text) || n.IsComplex {
			return nil, errCompile
		}
		if int64(int(n.Int64)) != n.Int64 {
			return nil, errCompile
		}
		return constant(reflect.ValueOf(int(n.Int64))), nil
	case *parse.FieldNode, *parse.VariableNode, *parse.ChainNode, *parse.IdentifierNode:
		cmd, err := c.command(&parse.CommandNode{NodeType: parse.NodeCommand, Args: []parse.Node{n}})
		if err != nil {
			return nil, err
		}
		return func(s *state, dot reflect.Value) (reflect.Value, error) { return cmd(s, dot, reflect.Value{}, false) }, nil
	case *parse.PipeNode:
		return c.pipeline(n)
	}
	return nil, errCompile
}

func hasFloatSyntax(text string) bool {
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '.', 'e', 'E', 'p', 'P':
			return true
		}
	}
	return false
}

func constant(v reflect.Value) arg {
	return func(*state, reflect.Value) (reflect.Value, error) { return v, nil }
}

// branch compiles the parts if, with and range share: the pipeline, the
// list and the else list.
func (c *compiler) branch(b *parse.BranchNode) (value arg, list, els node, err error) {
	if value, err = c.pipeline(b.Pipe); err != nil {
		return nil, nil, nil, err
	}
	if list, err = c.list(b.List); err != nil {
		return nil, nil, nil, err
	}
	if els, err = c.list(b.ElseList); err != nil {
		return nil, nil, nil, err
	}
	return value, list, els, nil
}

// ifOrWith is {{if}} or {{with}}, with their else branches.
func (c *compiler) ifOrWith(b *parse.BranchNode, with bool) (node, error) {
	cond, then, els, err := c.branch(b)
	if err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) error {
		defer s.popTo(len(s.vars))
		v, err := cond(s, dot)
		if err != nil {
			return err
		}
		truth, ok := isTrue(indirectInterface(v))
		if !ok {
			return errUnsupported
		}
		switch {
		case truth && with:
			return then(s, v)
		case truth:
			return then(s, dot)
		}
		return els(s, dot)
	}, nil
}

func (c *compiler) rangeNode(n *parse.RangeNode) (node, error) {
	if n.Pipe.IsAssign {
		return nil, errCompile
	}
	value, body, els, err := c.branch(&n.BranchNode)
	if err != nil {
		return nil, err
	}
	decls := len(n.Pipe.Decl)
	return func(s *state, dot reflect.Value) error {
		defer s.popTo(len(s.vars))
		v, err := value(s, dot)
		if err != nil {
			return err
		}
		v, _ = indirect(v)
		mark := len(s.vars)
		one := func(index, elem reflect.Value) error {
			if decls > 0 {
				s.vars[mark-1].value = elem
			}
			if decls > 1 {
				s.vars[mark-2].value = index
			}
			err := body(s, elem)
			s.popTo(mark)
			if err == errContinue {
				return nil
			}
			return err
		}
		n := 0
		switch v.Kind() {
		case reflect.Slice, reflect.Array:
			n = v.Len()
			for i := range n {
				var index reflect.Value
				if decls > 1 {
					index = reflect.ValueOf(i)
				}
				if err := one(index, v.Index(i)); err != nil {
					return stopRange(err)
				}
			}
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if decls > 1 {
				return errUnsupported
			}
			n = int(v.Int())
			for i := range n {
				if err := one(reflect.Value{}, reflect.ValueOf(i).Convert(v.Type())); err != nil {
					return stopRange(err)
				}
			}
		case reflect.Invalid:
		default:
			// Maps (sorted by key), channels and iterators.
			return errUnsupported
		}
		if n <= 0 {
			return els(s, dot)
		}
		return nil
	}, nil
}

func stopRange(err error) error {
	if err == errBreak {
		return nil
	}
	return err
}

// templateNode is {{template "name" pipeline}}.
func (c *compiler) templateNode(n *parse.TemplateNode) (node, error) {
	if c.set.html.Lookup(n.Name) == nil {
		// A copy html/template made to escape the template in a
		// context other than the one it was defined in.
		return nil, errCompile
	}
	value, err := c.pipeline(n.Pipe)
	if err != nil {
		return nil, err
	}
	name := n.Name
	return func(s *state, dot reflect.Value) error {
		if s.depth >= 1000 {
			return errUnsupported
		}
		p := s.set.lookup(name)
		if p == nil {
			return errUnsupported
		}
		d, err := value(s, dot)
		if err != nil {
			return err
		}
		inner := state{set: s.set, w: s.w, vars: []variable{{"$", d}}, depth: s.depth + 1}
		return p.root(&inner, d)
	}, nil
}

// fieldChain evaluates .A.B.C on what recv gives; the last name may be a
// method given args and the pipeline's final value.
func (c *compiler) fieldChain(recv arg, names []string, args []parse.Node) (command, error) {
	sites := make([]*fieldSite, len(names))
	for i, n := range names {
		sites[i] = &fieldSite{name: n}
	}
	return func(s *state, dot, final reflect.Value, hasFinal bool) (reflect.Value, error) {
		v, err := recv(s, dot)
		if err != nil {
			return v, err
		}
		for i, site := range sites {
			last := i == len(sites)-1
			if last {
				return site.eval(c, s, dot, v, args, final, hasFinal)
			}
			if v, err = site.eval(c, s, dot, v, nil, reflect.Value{}, false); err != nil {
				return v, err
			}
		}
		return v, nil
	}, nil
}

// fieldSite is one name in a chain of fields, with what it resolved to
// for the type it last saw: pages pass the same types again and again.
type fieldSite struct {
	name  string
	cache atomic.Pointer[access]
}

type access struct {
	typ    reflect.Type // of the receiver, after pointers and interfaces, addressed when it could be
	method int          // index in typ's methods, or -1
	// direct calls the method without reflection (see Methods), or is nil.
	direct func(reflect.Value) reflect.Value
	field  []int
	isMap  bool
}

func (f *fieldSite) eval(c *compiler, s *state, dot, recv reflect.Value, args []parse.Node, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	if !recv.IsValid() {
		return reflect.Value{}, errUnsupported
	}
	recv, isNil := indirect(recv)
	if isNil {
		return reflect.Value{}, errUnsupported
	}
	ptr := recv
	if ptr.Kind() != reflect.Interface && ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	a := f.cache.Load()
	if a == nil || a.typ != ptr.Type() {
		a = resolve(ptr.Type(), recv.Type(), f.name, c.set.methods)
		if a == nil {
			return reflect.Value{}, errUnsupported
		}
		f.cache.Store(a)
	}
	switch {
	case a.direct != nil && len(args) == 0 && !hasFinal && ptr.CanInterface():
		return a.direct(ptr), nil
	case a.method >= 0:
		return c.call(s, dot, ptr.Method(a.method), args, final, hasFinal)
	case len(args) > 0 || hasFinal:
		return reflect.Value{}, errUnsupported
	case a.isMap:
		v := recv.MapIndex(reflect.ValueOf(f.name))
		if !v.IsValid() {
			return reflect.Value{}, errUnsupported
		}
		return v, nil
	}
	v, err := recv.FieldByIndexErr(a.field)
	if err != nil {
		return reflect.Value{}, errUnsupported
	}
	return v, nil
}

// resolve finds what name is on a receiver of type ptrType (recvType once
// pointers are followed): a method first, as text/template looks.
func resolve(ptrType, recvType reflect.Type, name string, methods map[methodKey]func(reflect.Value) reflect.Value) *access {
	if m, ok := ptrType.MethodByName(name); ok {
		return &access{typ: ptrType, method: m.Index, direct: methods[methodKey{ptrType, name}]}
	}
	switch recvType.Kind() {
	case reflect.Struct:
		f, ok := recvType.FieldByName(name)
		if !ok || !f.IsExported() {
			return nil
		}
		return &access{typ: ptrType, method: -1, field: f.Index}
	case reflect.Map:
		if recvType.Key() != stringType {
			return nil
		}
		return &access{typ: ptrType, method: -1, isMap: true}
	}
	return nil
}

// call calls a method with the arguments a template gives it. Methods
// that take arguments are rare in pages; their arguments are compiled on
// each call.
func (c *compiler) call(s *state, dot, fn reflect.Value, args []parse.Node, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	typ := fn.Type()
	if len(args) == 0 && !hasFinal {
		if typ.NumIn() != 0 {
			return reflect.Value{}, errUnsupported
		}
		return callFunc(fn, nil)
	}
	vals, err := c.typedArgs(args, typ)
	if err != nil {
		return reflect.Value{}, errUnsupported
	}
	argv, err := evalArgs(s, dot, typ, vals, final, hasFinal)
	if err != nil {
		return reflect.Value{}, err
	}
	return callFunc(fn, argv)
}

func callFunc(fn reflect.Value, argv []reflect.Value) (reflect.Value, error) {
	typ := fn.Type()
	if typ.NumOut() == 0 || typ.NumOut() > 2 || typ.NumOut() == 2 && typ.Out(1) != errorType {
		return reflect.Value{}, errUnsupported
	}
	out := fn.Call(argv)
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, errUnsupported
	}
	if out[0].Type() == valueType {
		return out[0].Interface().(reflect.Value), nil
	}
	return out[0], nil
}

func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

func isTrue(v reflect.Value) (truth, ok bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0, true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// compileAll compiles each of nodes, stopping at the first that cannot be.
func compileAll[N, F any](nodes []N, compile func(int, N) (F, error)) ([]F, error) {
	out := make([]F, len(nodes))
	for i, n := range nodes {
		f, err := compile(i, n)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

// typedArgs compiles args for the parameters of a function of type typ.
func (c *compiler) typedArgs(args []parse.Node, typ reflect.Type) ([]arg, error) {
	return compileAll(args, func(i int, a parse.Node) (arg, error) { return c.typedArg(a, paramType(typ, i)) })
}
