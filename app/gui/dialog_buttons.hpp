#pragma once
// A dialog's OK (and Cancel) buttons in the app's own words: GTK draws the stock buttons of
// wxWidgets with its own labels, in the language of the environment, not the app's.

#include <wx/button.h>
#include <wx/dialog.h>
#include <wx/intl.h>
#include <wx/sizer.h>

namespace cordon::gui {

/// OK, and Cancel when `cancel`, laid out the platform's way.
inline wxSizer* DialogButtons(wxDialog& dialog, bool cancel = true) {
    auto* sizer = new wxStdDialogButtonSizer;
    sizer->AddButton(new wxButton(&dialog, wxID_OK, _("OK")));
    if (cancel) sizer->AddButton(new wxButton(&dialog, wxID_CANCEL, _("Cancel")));
    sizer->Realize();
    return sizer;
}

} // namespace cordon::gui
