#include "visible_texts.hpp"

#include <cordon/geo/error.hpp>

#include <wx/bookctrl.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/control.h>
#include <wx/frame.h>
#include <wx/listbox.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/radiobut.h>
#include <wx/srchctrl.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>
#include <wx/tooltip.h>
#include <wx/toplevel.h>

#include <algorithm>
#include <fstream>

namespace cordon::gui {

namespace {

void Add(std::vector<VisibleText>& out, const char* widget, const wxString& text) {
    if (!text.empty()) out.push_back({widget, text.utf8_string()});
}

void Menu(std::vector<VisibleText>& out, const wxMenu& menu) {
    for (const wxMenuItem* item : menu.GetMenuItems()) {
        if (item->IsSeparator()) continue;
        Add(out, "menu", item->GetItemLabelText());
        Add(out, "menu-help", item->GetHelp());
        if (item->GetSubMenu() != nullptr) Menu(out, *item->GetSubMenu());
    }
}

void List(std::vector<VisibleText>& out, wxListCtrl& list, int max_rows) {
    const int columns = list.GetColumnCount();
    for (int c = 0; c < columns; ++c) {
        wxListItem item;
        item.SetMask(wxLIST_MASK_TEXT);
        if (list.GetColumn(c, item)) Add(out, "column", item.GetText());
    }
    const int rows = std::min(list.GetItemCount(), max_rows);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < std::max(1, columns); ++c)
            Add(out, "list", list.GetItemText(r, c));
}

void Collect(std::vector<VisibleText>& out, wxWindow& w, int max_rows) {
    if (auto* top = dynamic_cast<wxTopLevelWindow*>(&w)) Add(out, "title", top->GetTitle());
    if (auto* frame = dynamic_cast<wxFrame*>(&w)) {
        if (wxMenuBar* bar = frame->GetMenuBar())
            for (std::size_t i = 0; i < bar->GetMenuCount(); ++i) {
                Add(out, "menu", bar->GetMenuLabelText(i));
                Menu(out, *bar->GetMenu(i));
            }
        if (wxStatusBar* status = frame->GetStatusBar())
            for (int i = 0; i < status->GetFieldsCount(); ++i)
                Add(out, "status", status->GetStatusText(i));
    }
    if (wxToolTip* tip = w.GetToolTip()) Add(out, "tooltip", tip->GetTip());
    if (auto* list = dynamic_cast<wxListCtrl*>(&w)) {
        List(out, *list, max_rows);
    } else if (auto* book = dynamic_cast<wxBookCtrlBase*>(&w)) {
        for (std::size_t i = 0; i < book->GetPageCount(); ++i)
            Add(out, "tab", book->GetPageText(i));
    } else if (auto* search = dynamic_cast<wxSearchCtrl*>(&w)) {
        Add(out, "text", search->GetValue());
        Add(out, "hint", search->GetDescriptiveText());
    } else if (auto* combo = dynamic_cast<wxComboBox*>(&w)) {
        Add(out, "text", combo->GetValue());
        for (const wxString& s : combo->GetStrings())
            Add(out, "choice", s);
    } else if (auto* text = dynamic_cast<wxTextCtrl*>(&w)) {
        Add(out, "text", text->GetValue());
        Add(out, "hint", text->GetHint());
    } else if (auto* items = dynamic_cast<wxItemContainerImmutable*>(&w)) {
        // wxChoice, wxListBox, wxCheckListBox, wxRadioBox
        for (unsigned i = 0; i < items->GetCount(); ++i)
            Add(out, "choice", items->GetString(i));
        if (auto* choice = dynamic_cast<wxChoice*>(&w))
            Add(out, "selected", choice->GetStringSelection());
    } else if (dynamic_cast<wxStaticText*>(&w) != nullptr ||
               dynamic_cast<wxButton*>(&w) != nullptr || dynamic_cast<wxCheckBox*>(&w) != nullptr ||
               dynamic_cast<wxRadioButton*>(&w) != nullptr ||
               dynamic_cast<wxStaticBox*>(&w) != nullptr) {
        Add(out, "label", wxControl::RemoveMnemonics(w.GetLabel()));
    }
    for (wxWindow* child : w.GetChildren())
        if (dynamic_cast<wxTopLevelWindow*>(child) == nullptr) Collect(out, *child, max_rows);
}

/// Where `w` is, in screen coordinates.
wxRect ScreenRect(const wxWindow& w) {
    return wxRect(w.GetScreenPosition(), w.GetSize());
}

void Clipped(std::vector<VisibleText>& out, wxWindow& w, const wxRect& room, int max_rows) {
    if (!w.IsShownOnScreen()) return;
    const wxRect here = ScreenRect(w);
    const bool label =
        dynamic_cast<wxStaticText*>(&w) != nullptr || dynamic_cast<wxCheckBox*>(&w) != nullptr ||
        dynamic_cast<wxRadioButton*>(&w) != nullptr || dynamic_cast<wxButton*>(&w) != nullptr;
    if (label) {
        const wxString text = wxControl::RemoveMnemonics(w.GetLabel());
        // Wrapped static texts ask for their width: only their lines matter.
        int widest = 0;
        for (const wxString& line : wxSplit(text, '\n')) {
            int lw = 0, lh = 0;
            w.GetTextExtent(line, &lw, &lh);
            widest = std::max(widest, lw);
        }
        const int need =
            std::max(w.GetBestSize().x, dynamic_cast<wxStaticText*>(&w) != nullptr ? widest : 0);
        if (!text.empty() && (need > here.width + 1 || here.GetRight() > room.GetRight() + 1))
            out.push_back({"label", text.utf8_string()});
    } else if (auto* list = dynamic_cast<wxListCtrl*>(&w); list && list->InReportView()) {
        const int columns = list->GetColumnCount();
        int total = 0;
        for (int c = 0; c < columns; ++c) {
            const int width = list->GetColumnWidth(c);
            total += width;
            auto fits = [&](const wxString& text) {
                int tw = 0, th = 0;
                list->GetTextExtent(text, &tw, &th);
                return tw + 12 <= width; // the cell's own margins
            };
            wxListItem item;
            item.SetMask(wxLIST_MASK_TEXT);
            if (list->GetColumn(c, item) && !fits(item.GetText()))
                out.push_back({"column", item.GetText().utf8_string()});
            for (int r = 0; r < std::min(list->GetItemCount(), max_rows); ++r)
                if (!list->GetItemText(r, c).empty() && !fits(list->GetItemText(r, c)))
                    out.push_back({"cell", list->GetItemText(r, c).utf8_string()});
        }
        if (total > list->GetClientSize().x + 1)
            out.push_back({"list", "columns " + std::to_string(total) + " px wide in a list of " +
                                       std::to_string(list->GetClientSize().x) + " px"});
    } else if (auto* text = dynamic_cast<wxTextCtrl*>(&w);
               text && here.GetRight() > room.GetRight() + 1) {
        out.push_back({"text", text->GetValue().utf8_string()});
    }
    // Children are seen through this window: what lies beyond it is cut.
    const wxRect inner = w.IsTopLevel() ? here : here.Intersect(room);
    for (wxWindow* child : w.GetChildren())
        if (!child->IsTopLevel()) Clipped(out, *child, inner, max_rows);
}

} // namespace

std::vector<VisibleText> ClippedTexts(wxWindow& window, int max_rows) {
    std::vector<VisibleText> out;
    Clipped(out, window, ScreenRect(window), max_rows);
    return out;
}

std::vector<VisibleText> VisibleTexts(wxWindow& window, int max_rows) {
    std::vector<VisibleText> out;
    Collect(out, window, max_rows);
    return out;
}

void WriteVisibleTexts(wxWindow& window, const std::string& path, bool append) {
    std::ofstream file(path, append ? std::ios::app : std::ios::trunc);
    for (const auto& t : VisibleTexts(window)) {
        std::string text;
        for (const char c : t.text)
            text += c == '\n' ? std::string(" / ") : std::string(1, c);
        file << t.widget << '\t' << text << '\n';
    }
    file.flush();
    if (!file) throw InputError(path + ": cannot write");
}

} // namespace cordon::gui
