// Package web holds the workbench page of cityscore serve: its HTML,
// scripts and styles, embedded in the binary. Nothing is loaded from
// elsewhere.
package web

import "embed"

// Assets are the page's files: index.html, app.js, style.css and the
// files they name.
//
//go:embed index.html app.js style.css
var Assets embed.FS
