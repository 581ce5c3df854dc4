package serve

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/annals/annals/internal/model"
)

// reloadScript listens for reloads. Before reloading it stores the scroll
// position in sessionStorage, keyed by path, and restores it on the next
// load, so an editor keeps their place in a long page.
const reloadScript = `<script>(function(){
var key="annals-scroll:"+location.pathname,id=null;
try{var y=sessionStorage.getItem(key);if(y!==null){sessionStorage.removeItem(key);var go=function(){window.scrollTo(0,+y)};go();addEventListener("load",go)}}catch(e){}
function reload(){try{sessionStorage.setItem(key,String(window.scrollY))}catch(e){}location.reload()}
var es=new EventSource("` + eventsPath + `");
es.addEventListener("hello",function(e){if(id!==null&&id!==e.data){reload()}id=e.data});
es.addEventListener("reload",reload);
var o=document.getElementById("annals-overlay");
if(o){o.querySelector("button").addEventListener("click",function(){o.remove()})}
})();</script>`

// overlay lists the errors of the latest build over the page. Colours are
// dark red on near-white (contrast well above 7:1) and it is a live alert,
// so screen readers announce it.
func overlay(problems []*model.Error) string {
	var b strings.Builder
	b.WriteString(`<div id="annals-overlay" role="alert" aria-live="assertive" style="all:initial;position:fixed;z-index:2147483647;top:0;left:0;right:0;max-height:70vh;overflow:auto;box-sizing:border-box;padding:16px 56px 16px 20px;background:#fff8f7;color:#1b1b1b;border-bottom:4px solid #a4161a;box-shadow:0 4px 24px rgba(0,0,0,.25);font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;">`)
	b.WriteString(`<button type="button" aria-label="Close the error list" title="Close" style="all:initial;position:absolute;top:10px;right:14px;cursor:pointer;font:28px/1 system-ui,sans-serif;color:#1b1b1b;padding:4px 10px;border-radius:4px;">&times;</button>`)
	fmt.Fprintf(&b, `<p style="all:initial;display:block;margin:0 0 8px;font:700 17px/1.4 system-ui,sans-serif;color:#a4161a;">The site has %s. These pages are from the last good build; fix the files and save to reload.</p>`, html.EscapeString(count(len(problems), "error")))
	b.WriteString(`<ul style="all:initial;display:block;margin:0;padding:0;list-style:none;">`)
	for _, e := range problems {
		b.WriteString(`<li style="all:initial;display:block;margin:6px 0;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#1b1b1b;white-space:pre-wrap;word-break:break-word;">`)
		if e.Path != "" {
			fmt.Fprintf(&b, `<strong style="all:initial;font:inherit;font-weight:700;color:#7a0e12;">%s</strong> `, html.EscapeString(e.Pos.String()))
		}
		b.WriteString(html.EscapeString(e.Err.Error()))
		b.WriteString(`</li>`)
	}
	b.WriteString(`</ul></div>`)
	return b.String()
}

// inject adds the reload script, and the overlay while there are errors,
// before the last </body>, or at the end when there is none.
func inject(body []byte, id string, problems []*model.Error) []byte {
	var add strings.Builder
	if len(problems) > 0 {
		add.WriteString(overlay(problems))
	}
	add.WriteString(reloadScript)
	i := lastIndexFold(body, []byte("</body>"))
	if i < 0 {
		i = len(body)
	}
	out := make([]byte, 0, len(body)+add.Len())
	out = append(out, body[:i]...)
	out = append(out, add.String()...)
	return append(out, body[i:]...)
}

func lastIndexFold(s, sep []byte) int {
	for i := len(s) - len(sep); i >= 0; i-- {
		if bytes.EqualFold(s[i:i+len(sep)], sep) {
			return i
		}
	}
	return -1
}

// errorPage is served for every path until a first build succeeds.
var errorPage = []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Site has errors · annals serve</title></head><body style="font:16px/1.5 system-ui,sans-serif;margin:0;padding:40vh 20px 20px;color:#1b1b1b;background:#fff"><p>The site could not be built yet; the errors are listed above and in the terminal.</p></body></html>`)
