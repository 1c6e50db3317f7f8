module campmap

go 1.26.0

require (
	fyne.io/fyne/v2 v2.7.1 // indirect
	github.com/paulmach/orb v0.14.0 // indirect
	github.com/twpayne/go-geom v1.6.1 // indirect
	github.com/valyala/fastjson v1.6.10 // indirect
	golang.org/x/image v0.48.0 // indirect
)
