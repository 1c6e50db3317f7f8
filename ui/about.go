package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"campmap"
)

// aboutMenuItem is Help > About campmap.
func (mw *MainWindow) aboutMenuItem() *fyne.MenuItem {
	return fyne.NewMenuItem(lang.L("About campmap"), func() { showAbout(mw.win) })
}

// showAbout shows the version from FyneApp.toml, the commit the binary was
// built from, and the source and licence of every bundled data set, as
// campmap --version prints them.
func showAbout(w fyne.Window) dialog.Dialog {
	d := dialog.NewCustom(lang.L("About campmap"), lang.L("Close"), aboutContent(), w)
	d.Resize(fyne.NewSize(640, 520))
	d.Show()
	return d
}

// aboutContent lays out the About box: a heading, the version and commit,
// then one block per bundled data set, in a scroll so that it fits a small
// screen. What a data set is and its licence are translated (the catalogue
// has campmap.Credits' Data, Source and Licence texts; names stay).
func aboutContent() fyne.CanvasObject {
	head := widget.NewLabel(appName)
	head.TextStyle.Bold = true
	head.SizeName = theme.SizeNameHeadingText
	facts := container.New(layout.NewFormLayout(),
		aboutBold(lang.L("Version")), widget.NewLabel(campmap.Version),
		aboutBold(lang.L("Commit")), widget.NewLabel(commitText()),
	)
	credits := container.NewVBox()
	for _, c := range campmap.Credits {
		title := widget.NewLabel(lang.L(c.Data))
		title.TextStyle.Bold = true
		title.Wrapping = fyne.TextWrapWord
		body := widget.NewLabel(lang.L(c.Source) + "\n" + fmt.Sprintf(lang.L("Licence: %s"), lang.L(c.Licence)))
		body.Wrapping = fyne.TextWrapWord
		credits.Add(container.NewVBox(title, body))
	}
	where := widget.NewLabel(lang.L("The licence texts ship beside the program: LICENSES\\ in the Windows zip, /usr/share/doc/campmap/ in the Debian package."))
	where.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(head,
		widget.NewLabel(lang.L("An offline map for humanitarian planners.")), facts,
		widget.NewSeparator(), aboutBold(lang.L("Bundled data")))
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(container.NewVBox(credits, where)))
}

// commitText is the commit campmap was built from, or "unknown" in the
// interface's language.
func commitText() string {
	if c := campmap.Commit(); c != "unknown" {
		return c
	}
	return lang.L("unknown")
}

// appName is the program's name, the same in every language.
const appName = "campmap"

// aboutBold is a label in bold type.
func aboutBold(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.TextStyle.Bold = true
	return l
}
