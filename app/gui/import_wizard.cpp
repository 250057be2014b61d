#include "import_wizard.hpp"

#include "format.hpp"

#include <cordon/geo/error.hpp>

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/dcbuffer.h>
#include <wx/filedlg.h>
#include <wx/graphics.h>
#include <wx/intl.h>
#include <wx/listbox.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/panel.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace cordon::gui {

namespace {

wxString U(const std::string& text) {
    return wxString::FromUTF8(text.c_str());
}

/// How many rows and features the preview reads.
constexpr std::size_t k_preview_rows = 20;
constexpr std::size_t k_preview_features = 5000;

const char* const k_encodings[] = {"", "utf8", "gbk"};
const char* const k_crs[] = {"", "EPSG:4326", "gcj02", "bd09", "EPSG:4490"};

wxString EncodingTitle(int i) {
    const wxString titles[] = {_("Detect (as the import does: .cpg, else the text)"), "UTF-8",
                               _("GBK (Chinese Windows, GB18030)")};
    return titles[i];
}

wxString CrsTitle(const std::string& key) {
    if (key.empty()) return _("As the data says");
    if (key == "EPSG:4326") return _("WGS 84 longitude/latitude (EPSG:4326, GPS)");
    if (key == "gcj02") return _("GCJ-02 (Chinese web maps: Amap, Tencent)");
    if (key == "bd09") return _("BD-09 (Baidu maps)");
    if (key == "EPSG:4490") return _("CGCS2000 longitude/latitude (EPSG:4490)");
    return U(key);
}

/// A label "Name:" as a field's name in a sentence: “Name”.
wxString FieldName(const wxString& label) {
    wxString name = label;
    name.Trim();
    if (name.EndsWith(":") || name.EndsWith(U("："))) name.RemoveLast();
    return U("“") + name + U("”");
}

wxString RoleTitle(const std::string& role) {
    if (role == "communities") return _("Communities");
    if (role == "compounds") return _("Compounds (residential areas)");
    if (role == "buildings") return _("Buildings");
    if (role == "gates") return _("Gates");
    if (role == "roads") return _("Roads");
    if (role == "checkpoints") return _("Checkpoints");
    if (role == "district") return _("District boundary");
    if (role == geo::osm_rules_role) return _("OpenStreetMap rules (the whole file)");
    return _("Ignore (not imported)");
}

wxString AttributeTitle(const std::string& attribute) {
    static const std::pair<const char*, const char*> titles[] = {
        {"id", wxTRANSLATE("Identifier")},       {"name", wxTRANSLATE("Name")},
        {"code", wxTRANSLATE("Code")},           {"mode", wxTRANSLATE("Control mode")},
        {"manager", wxTRANSLATE("Manager")},     {"address", wxTRANSLATE("Address")},
        {"category", wxTRANSLATE("Category")},   {"households", wxTRANSLATE("Households")},
        {"residents", wxTRANSLATE("Residents")}, {"floors", wxTRANSLATE("Floors")},
        {"kind", wxTRANSLATE("Kind")},           {"state", wxTRANSLATE("State (open/closed)")},
        {"crew", wxTRANSLATE("Crew")},           {"class", wxTRANSLATE("Class (highway)")},
        {"oneway", wxTRANSLATE("One-way")},      {"walkable", wxTRANSLATE("Walkable")},
        {"drivable", wxTRANSLATE("Drivable")},   {"bridge", wxTRANSLATE("Bridge")},
        {"tunnel", wxTRANSLATE("Tunnel")},       {"layer", wxTRANSLATE("Layer (level)")},
        {"hours", wxTRANSLATE("Hours")},
    };
    for (const auto& [key, title] : titles)
        if (attribute == key) return wxGetTranslation(title);
    return U(attribute);
}

wxString PageTitle(int page) {
    switch (page) {
    case ImportWizard::files_page:
        return _("1. Source files");
    case ImportWizard::layers_page:
        return _("2. Layer roles and fields");
    case ImportWizard::preview_page:
        return _("3. Encoding, coordinates and preview");
    default:
        return _("4. Project file");
    }
}

std::string LayerLabel(const geo::LayerChoice& c) {
    return std::filesystem::path(c.file).filename().string() + ": " + c.layer;
}

/// The field a layer's attribute is read from: the planner's choice, else the import's own.
std::string EffectiveField(const geo::LayerChoice& c, const std::string& attribute) {
    const auto chosen = c.fields.find(attribute);
    if (chosen != c.fields.end() && !chosen->second.empty()) return chosen->second;
    return geo::detect_field(attribute, c.source_fields).value_or("");
}

} // namespace

wxString ImportParamText(const ParamText& text) {
    namespace param = geo::import_param;
    return U(text.say([](const ParamMention& p) {
        wxString said;
        if (p.param == param::encoding) {
            said = FieldName(_("Text encoding of Shapefiles:"));
            if (p.value == "utf8") said += ": UTF-8";
            if (p.value == "gbk") said += ": GBK";
            if (p.value == "gbk|utf8") said += ": GBK / UTF-8";
        } else if (p.param == param::source_crs) {
            said = FieldName(_("Coordinates of the data:"));
            if (!p.value.empty()) said += ": " + CrsTitle(p.value);
        } else if (p.param == param::map) {
            said = FieldName(_("Role of the selected layer:"));
        } else if (p.param == param::field) {
            said = FieldName(_("Fields the role reads:"));
            if (!p.value.empty()) said += " " + U(p.value);
        } else {
            said = U(p.param + (p.value.empty() ? "" : " " + p.value));
        }
        return said.utf8_string();
    }));
}

std::vector<std::string> ImportCommandLine(const geo::ImportArguments& arguments) {
    std::vector<std::string> words{"import"};
    words.insert(words.end(), arguments.sources.begin(), arguments.sources.end());
    for (const ParamMention& p : arguments.params()) {
        std::string option = p.param;
        std::replace(option.begin(), option.end(), '_', '-');
        words.push_back("--" + option);
        words.push_back(p.value);
    }
    return words;
}

ImportWizard::ImportWizard(wxWindow* parent)
    : wxDialog(parent, wxID_ANY, _("New Project from Data"), wxDefaultPosition, wxSize(980, 680),
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    m_title = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_title->SetFont(m_title->GetFont().Bold().Larger());
    sizer->Add(m_title, 0, wxALL, 10);
    m_book = new wxSimplebook(this);
    m_book->AddPage(BuildFilesPage(m_book), wxEmptyString);
    m_book->AddPage(BuildLayersPage(m_book), wxEmptyString);
    m_book->AddPage(BuildPreviewPage(m_book), wxEmptyString);
    m_book->AddPage(BuildTargetPage(m_book), wxEmptyString);
    sizer->Add(m_book, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_back = new wxButton(this, wxID_BACKWARD, _("< &Back"));
    m_next = new wxButton(this, wxID_FORWARD, _("&Next >"));
    m_finish = new wxButton(this, wxID_OK, _("&Import"));
    buttons->AddStretchSpacer();
    buttons->Add(m_back, 0, wxALL, 4);
    buttons->Add(m_next, 0, wxALL, 4);
    buttons->Add(m_finish, 0, wxALL, 4);
    buttons->Add(new wxButton(this, wxID_CANCEL, _("Cancel")), 0, wxALL, 4);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, 6);
    SetSizer(sizer);

    m_back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ShowPage(m_page - 1); });
    m_next->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (Advance()) ShowPage(m_page + 1);
    });
    m_finish->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!Advance()) return;
        if (m_page != target_page) return ShowPage(target_page); // where it goes, first
        if (IsModal()) EndModal(wxID_OK);
    });
    ShowPage(files_page);
}

wxPanel* ImportWizard::BuildFilesPage(wxWindow* book) {
    auto* page = new wxPanel(book);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(new wxStaticText(page, wxID_ANY,
                                _("The district's data: an OpenStreetMap extract, Shapefiles, "
                                  "GeoPackages, GeoJSON, KML, CSV with coordinates...")),
               0, wxBOTTOM, 6);
    m_files = new wxListBox(page, wxID_ANY);
    sizer->Add(m_files, 1, wxEXPAND);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* add = new wxButton(page, wxID_ADD, _("&Add Files..."));
    auto* remove = new wxButton(page, wxID_REMOVE, _("&Remove"));
    row->Add(add, 0, wxTOP | wxRIGHT, 6);
    row->Add(remove, 0, wxTOP, 6);
    sizer->Add(row);
    page->SetSizer(sizer);
    add->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        wxFileDialog dialog(
            this, _("Choose the district's data files"), wxEmptyString, wxEmptyString,
            _("District data (*.osm;*.pbf;*.shp;*.gpkg;*.geojson;*.json;*.kml;*.csv;*.dxf)|"
              "*.osm;*.pbf;*.shp;*.gpkg;*.geojson;*.json;*.kml;*.csv;*.dxf|All files|*"),
            wxFD_OPEN | wxFD_FILE_MUST_EXIST | wxFD_MULTIPLE);
        if (dialog.ShowModal() != wxID_OK) return;
        wxArrayString paths;
        dialog.GetPaths(paths);
        std::vector<std::string> files = m_choices.files;
        for (const auto& p : paths)
            if (std::find(files.begin(), files.end(), p.utf8_string()) == files.end())
                files.push_back(p.utf8_string());
        try {
            SetFiles(files);
        } catch (const std::exception& e) {
            wxMessageBox(U(e.what()), _("New Project from Data"), wxOK | wxICON_ERROR, this);
        }
    });
    remove->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        const int i = m_files->GetSelection();
        if (i == wxNOT_FOUND) return;
        std::vector<std::string> files = m_choices.files;
        files.erase(files.begin() + i);
        SetFiles(files);
    });
    return page;
}

wxPanel* ImportWizard::BuildLayersPage(wxWindow* book) {
    auto* page = new wxPanel(book);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(new wxStaticText(page, wxID_ANY,
                                _("What each layer holds, and which of its fields the import "
                                  "reads. The import's own guesses are preselected.")),
               0, wxBOTTOM, 6);
    m_layer_list = new wxListCtrl(page, wxID_ANY, wxDefaultPosition, wxSize(-1, 200),
                                  wxLC_REPORT | wxLC_SINGLE_SEL);
    m_layer_list->AppendColumn(_("File"), wxLIST_FORMAT_LEFT, 200);
    m_layer_list->AppendColumn(_("Layer"), wxLIST_FORMAT_LEFT, 150);
    m_layer_list->AppendColumn(_("Geometry"), wxLIST_FORMAT_LEFT, 130);
    m_layer_list->AppendColumn(_("Features"), wxLIST_FORMAT_RIGHT, 90);
    m_layer_list->AppendColumn(_("Role"), wxLIST_FORMAT_LEFT, 260);
    sizer->Add(m_layer_list, 1, wxEXPAND);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(new wxStaticText(page, wxID_ANY, _("Role of the selected layer:")), 0,
             wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    m_role = new wxChoice(page, wxID_ANY);
    row->Add(m_role, 0);
    sizer->Add(row, 0, wxTOP | wxBOTTOM, 8);
    sizer->Add(new wxStaticText(page, wxID_ANY, _("Fields the role reads:")), 0, wxBOTTOM, 4);
    m_fields = new wxPanel(page);
    sizer->Add(m_fields, 1, wxEXPAND);
    page->SetSizer(sizer);
    m_layer_list->Bind(wxEVT_LIST_ITEM_SELECTED,
                       [this](wxListEvent& e) { SelectLayer(static_cast<int>(e.GetIndex())); });
    m_role->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        if (m_current < 0) return;
        const auto& c = m_choices.layers[static_cast<std::size_t>(m_current)];
        SetRole(c.file + ":" + c.layer,
                m_role_keys[static_cast<std::size_t>(m_role->GetSelection())]);
    });
    return page;
}

wxPanel* ImportWizard::BuildPreviewPage(wxWindow* book) {
    auto* page = new wxPanel(book);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* grid = new wxFlexGridSizer(2, 6, 8);
    grid->Add(new wxStaticText(page, wxID_ANY, _("Text encoding of Shapefiles:")), 0,
              wxALIGN_CENTER_VERTICAL);
    m_encoding = new wxChoice(page, wxID_ANY);
    for (int i = 0; i < 3; ++i)
        m_encoding->Append(EncodingTitle(i));
    m_encoding->SetSelection(0);
    grid->Add(m_encoding);
    grid->Add(new wxStaticText(page, wxID_ANY, _("Coordinates of the data:")), 0,
              wxALIGN_CENTER_VERTICAL);
    m_crs = new wxChoice(page, wxID_ANY);
    for (const char* key : k_crs)
        m_crs->Append(CrsTitle(key));
    m_crs->SetSelection(0);
    grid->Add(m_crs);
    grid->Add(new wxStaticText(page, wxID_ANY, _("Preview of layer:")), 0, wxALIGN_CENTER_VERTICAL);
    m_preview_layer = new wxChoice(page, wxID_ANY);
    grid->Add(m_preview_layer, 0, wxEXPAND);
    sizer->Add(grid, 0, wxBOTTOM, 8);

    auto* row = new wxBoxSizer(wxHORIZONTAL);
    m_preview_rows = new wxListCtrl(page, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                    wxLC_REPORT | wxLC_HRULES | wxLC_VRULES);
    row->Add(m_preview_rows, 3, wxEXPAND | wxRIGHT, 8);
    m_map = new wxPanel(page, wxID_ANY, wxDefaultPosition, wxSize(320, 300));
    m_map->SetBackgroundStyle(wxBG_STYLE_PAINT);
    row->Add(m_map, 2, wxEXPAND);
    sizer->Add(row, 1, wxEXPAND);
    m_preview_info = new wxStaticText(page, wxID_ANY, wxEmptyString);
    sizer->Add(m_preview_info, 0, wxEXPAND | wxTOP, 6);
    page->SetSizer(sizer);

    m_encoding->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        SetEncoding(k_encodings[m_encoding->GetSelection()]);
    });
    m_crs->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        const int i = m_crs->GetSelection();
        SetSourceCrs(i < static_cast<int>(std::size(k_crs)) ? k_crs[i] : m_choices.source_crs);
    });
    m_preview_layer->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { UpdatePreview(); });
    m_map->Bind(wxEVT_PAINT, [this](wxPaintEvent&) { PaintMap(); });
    m_map->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        m_map->Refresh();
        e.Skip();
    });
    return page;
}

wxPanel* ImportWizard::BuildTargetPage(wxWindow* book) {
    auto* page = new wxPanel(book);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(new wxStaticText(page, wxID_ANY, _("Save the new project as:")), 0, wxBOTTOM, 4);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    m_target = new wxTextCtrl(page, wxID_ANY, "district.cordon");
    row->Add(m_target, 1, wxRIGHT, 6);
    auto* browse = new wxButton(page, wxID_ANY, _("&Browse..."));
    row->Add(browse);
    sizer->Add(row, 0, wxEXPAND | wxBOTTOM, 10);
    sizer->Add(new wxStaticText(page, wxID_ANY,
                                _("What will be imported (the same as this cordon-cli "
                                  "command):")),
               0, wxBOTTOM, 4);
    m_summary = new wxTextCtrl(page, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                               wxTE_MULTILINE | wxTE_READONLY | wxTE_DONTWRAP);
    sizer->Add(m_summary, 1, wxEXPAND);
    page->SetSizer(sizer);
    browse->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        wxFileDialog dialog(this, _("Save the new project as"), wxEmptyString, m_target->GetValue(),
                            _("Cordon projects (*.cordon)|*.cordon"),
                            wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
        if (dialog.ShowModal() == wxID_OK) m_target->SetValue(dialog.GetPath());
        UpdateSummary();
    });
    m_target->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { UpdateSummary(); });
    return page;
}

void ImportWizard::SetFiles(const std::vector<std::string>& files) {
    const geo::ImportChoices before = m_choices;
    m_choices.files = files;
    try {
        ReadLayers();
    } catch (...) {
        m_choices = before;
        ReadLayers();
        throw;
    }
    m_files->Clear();
    for (const std::string& f : files)
        m_files->Append(U(f));
    UpdateButtons();
}

void ImportWizard::ReadLayers() {
    const auto encoding =
        m_choices.encoding.empty() ? std::nullopt : geo::encoding_from_name(m_choices.encoding);
    m_layers = geo::list_source_layers(m_choices.files, encoding);
    // Keep the roles and fields already chosen for layers that are still there.
    geo::ImportChoices fresh = geo::default_choices(m_choices.files, m_layers);
    for (geo::LayerChoice& c : fresh.layers)
        for (const geo::LayerChoice& old : m_choices.layers)
            if (old.file == c.file && old.layer == c.layer) {
                c.role = old.role;
                for (const auto& [attribute, field] : old.fields)
                    if (std::find(c.source_fields.begin(), c.source_fields.end(), field) !=
                        c.source_fields.end())
                        c.fields[attribute] = field;
            }
    m_choices.layers = std::move(fresh.layers);
    FillLayerList();
    const int preview = PreviewIndex();
    m_preview_layer->Clear();
    for (const auto& c : m_choices.layers)
        m_preview_layer->Append(U(LayerLabel(c)));
    if (!m_choices.layers.empty())
        m_preview_layer->SetSelection(
            std::clamp(preview, 0, static_cast<int>(m_choices.layers.size()) - 1));
}

void ImportWizard::FillLayerList() {
    m_layer_list->DeleteAllItems();
    for (std::size_t i = 0; i < m_choices.layers.size(); ++i) {
        const auto& c = m_choices.layers[i];
        const auto& l = m_layers[i];
        const long row = m_layer_list->InsertItem(
            static_cast<long>(i), U(std::filesystem::path(c.file).filename().string()));
        m_layer_list->SetItem(row, 1, U(c.layer));
        m_layer_list->SetItem(row, 2, U(l.geometry));
        m_layer_list->SetItem(
            row, 3, l.features ? FormatNumber(static_cast<double>(l.features)) : wxString());
        m_layer_list->SetItem(row, 4, RoleTitle(c.role));
    }
    if (m_current >= static_cast<int>(m_choices.layers.size())) m_current = -1;
    if (m_current < 0 && !m_choices.layers.empty()) m_current = 0;
    if (m_current >= 0) {
        m_layer_list->SetItemState(m_current, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        SelectLayer(m_current);
    } else {
        m_role->Clear();
        FillFields();
    }
}

void ImportWizard::SelectLayer(int index) {
    m_current = index;
    const auto& c = m_choices.layers[static_cast<std::size_t>(index)];
    m_role_keys.clear();
    if (c.osm) m_role_keys.push_back(geo::osm_rules_role);
    for (const auto& r : geo::import_roles)
        m_role_keys.push_back(r);
    m_role_keys.push_back(geo::ignore_role);
    m_role->Clear();
    for (const auto& r : m_role_keys)
        m_role->Append(RoleTitle(r));
    const auto at = std::find(m_role_keys.begin(), m_role_keys.end(), c.role);
    m_role->SetSelection(static_cast<int>(at - m_role_keys.begin()));
    FillFields();
}

void ImportWizard::FillFields() {
    m_fields->DestroyChildren();
    auto* grid = new wxFlexGridSizer(4, 4, 12);
    if (m_current >= 0) {
        const std::size_t index = static_cast<std::size_t>(m_current);
        const auto& c = m_choices.layers[index];
        if (c.role == geo::osm_rules_role) {
            grid->Add(new wxStaticText(m_fields, wxID_ANY,
                                       _("Cordon's OpenStreetMap rules read this file: "
                                         "buildings, residential areas, roads and gates.")));
        } else if (c.role == geo::ignore_role) {
            grid->Add(new wxStaticText(m_fields, wxID_ANY, _("This layer is not imported.")));
        } else {
            for (const std::string& attribute : geo::role_attributes(c.role)) {
                grid->Add(new wxStaticText(m_fields, wxID_ANY, AttributeTitle(attribute) + ":"), 0,
                          wxALIGN_CENTER_VERTICAL);
                auto* choice = new wxChoice(m_fields, wxID_ANY);
                const auto detected = geo::detect_field(attribute, c.source_fields);
                // "(none)" only where the import finds nothing by itself: a --field cannot
                // tell it to ignore a field it finds.
                std::vector<std::string> items;
                if (!detected) {
                    choice->Append(_("(none)"));
                    items.emplace_back();
                }
                for (const std::string& f : c.source_fields) {
                    choice->Append(U(f) + (detected == f ? " " + wxString(_("(found)")) : ""));
                    items.push_back(f);
                }
                const std::string current = EffectiveField(c, attribute);
                const auto at = std::find(items.begin(), items.end(), current);
                choice->SetSelection(at == items.end() ? 0 : static_cast<int>(at - items.begin()));
                choice->Bind(wxEVT_CHOICE, [this, index, attribute, items,
                                            choice](wxCommandEvent&) {
                    const std::string f = items[static_cast<std::size_t>(choice->GetSelection())];
                    auto& fields = m_choices.layers[index].fields;
                    if (f.empty())
                        fields.erase(attribute);
                    else
                        fields[attribute] = f;
                    UpdateSummary();
                });
                grid->Add(choice, 0, wxEXPAND);
            }
        }
    }
    m_fields->SetSizer(grid, true);
    m_fields->Layout();
}

void ImportWizard::SetRole(const std::string& layer, const std::string& role) {
    geo::set_layer_role(m_choices, layer, role);
    // Show the layer whose role changed, with its fields.
    for (std::size_t i = 0; i < m_choices.layers.size(); ++i) {
        const auto& c = m_choices.layers[i];
        const std::string suffix = ":" + c.layer;
        if (c.layer == layer ||
            (layer.size() > suffix.size() &&
             layer.compare(layer.size() - suffix.size(), suffix.size(), suffix) == 0))
            m_current = static_cast<int>(i);
    }
    if (m_current >= 0) {
        m_layer_list->SetItemState(m_current, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        m_layer_list->EnsureVisible(m_current);
    }
    for (std::size_t i = 0; i < m_choices.layers.size(); ++i)
        m_layer_list->SetItem(static_cast<long>(i), 4, RoleTitle(m_choices.layers[i].role));
    if (m_current >= 0) SelectLayer(m_current);
    UpdateSummary();
}

void ImportWizard::SetField(const std::string& mapping) {
    const auto [key, field] = geo::parse_field_map(mapping); // "roads.name", field
    const std::string role = key.substr(0, key.find('.'));
    const std::string attribute = key.substr(key.find('.') + 1);
    bool any = false;
    for (auto& c : m_choices.layers) {
        if (c.role != role) continue;
        if (std::find(c.source_fields.begin(), c.source_fields.end(), field) ==
            c.source_fields.end())
            throw InputError("layer '" + c.layer + "' has no field '" + field + "'");
        c.fields[attribute] = field;
        any = true;
    }
    if (!any) throw InputError("no layer plays the role " + role);
    if (m_current >= 0) FillFields();
    UpdateSummary();
}

void ImportWizard::SetEncoding(const std::string& encoding) {
    const auto at = std::find(std::begin(k_encodings), std::end(k_encodings), encoding);
    if (at == std::end(k_encodings))
        throw InputError("encoding " + encoding + ": write utf8 or gbk (or nothing: detect)");
    m_encoding->SetSelection(static_cast<int>(at - std::begin(k_encodings)));
    if (m_choices.encoding == encoding) return UpdatePreview();
    m_choices.encoding = encoding;
    ReadLayers(); // field names are text too
    UpdatePreview();
}

void ImportWizard::SetSourceCrs(const std::string& crs) {
    const auto at = std::find(std::begin(k_crs), std::end(k_crs), crs);
    if (at == std::end(k_crs)) {
        if (m_crs->GetCount() > std::size(k_crs)) m_crs->Delete(std::size(k_crs));
        m_crs->Append(CrsTitle(crs));
        m_crs->SetSelection(static_cast<int>(std::size(k_crs)));
    } else {
        m_crs->SetSelection(static_cast<int>(at - std::begin(k_crs)));
    }
    m_choices.source_crs = crs;
    UpdatePreview();
}

void ImportWizard::SetPreviewLayer(const std::string& layer) {
    for (std::size_t i = 0; i < m_choices.layers.size(); ++i) {
        const auto& c = m_choices.layers[i];
        if (c.layer == layer || LayerLabel(c) == layer ||
            std::filesystem::path(c.file).stem().string() + ":" + c.layer == layer) {
            m_preview_layer->SetSelection(static_cast<int>(i));
            UpdatePreview();
            return;
        }
    }
    throw InputError("no layer '" + layer + "' to preview");
}

void ImportWizard::SetTarget(const std::string& path) {
    m_target->SetValue(U(path));
    UpdateSummary();
}

std::string ImportWizard::Target() const {
    return m_target->GetValue().utf8_string();
}

int ImportWizard::PreviewIndex() const {
    return m_preview_layer->GetSelection();
}

void ImportWizard::ShowPage(int page) {
    m_page = std::clamp(page, 0, page_count - 1);
    m_book->ChangeSelection(static_cast<std::size_t>(m_page));
    m_title->SetLabel(PageTitle(m_page));
    if (m_page == layers_page) FillFields();
    if (m_page == preview_page) UpdatePreview();
    if (m_page == target_page) UpdateSummary();
    UpdateButtons();
    Layout();
}

void ImportWizard::UpdateButtons() {
    m_back->Enable(m_page > files_page);
    m_next->Enable(m_page < target_page && !m_choices.files.empty());
    m_finish->Enable(!m_choices.files.empty());
}

bool ImportWizard::Advance() {
    wxString problem;
    if (m_choices.files.empty()) problem = _("Add the files to import.");
    if (problem.empty() && m_page >= layers_page) {
        try {
            geo::import_arguments(m_choices);
        } catch (const std::exception& e) {
            problem = U(e.what());
        }
    }
    if (problem.empty() && m_page == target_page && m_target->GetValue().empty())
        problem = _("Name the project file.");
    if (problem.empty()) return true;
    wxMessageBox(problem, _("New Project from Data"), wxOK | wxICON_WARNING, this);
    return false;
}

geo::ImportOptions ImportWizard::Options() const {
    return geo::import_options(geo::import_arguments(m_choices));
}

void ImportWizard::UpdatePreview() {
    m_rows = {};
    m_shapes = {};
    m_shapes_as_is = {};
    m_preview_error.clear();
    m_preview_rows->ClearAll();
    const int index = PreviewIndex();
    if (index >= 0 && static_cast<std::size_t>(index) < m_choices.layers.size()) {
        const auto& c = m_choices.layers[static_cast<std::size_t>(index)];
        try {
            m_rows = geo::preview_rows(c.file, c.layer,
                                       m_choices.encoding.empty()
                                           ? std::nullopt
                                           : geo::encoding_from_name(m_choices.encoding),
                                       k_preview_rows);
            // The OSM rules read an extract as WGS 84 whatever the planner says.
            const bool osm_rules = c.role == geo::osm_rules_role;
            m_shapes = geo::preview_shapes(c.file, c.layer, osm_rules ? "" : m_choices.source_crs,
                                           k_preview_features);
            if (!m_choices.source_crs.empty() && !osm_rules)
                m_shapes_as_is = geo::preview_shapes(c.file, c.layer, "", k_preview_features);
        } catch (const std::exception& e) {
            m_preview_error = e.what();
        }
    }
    for (std::size_t i = 0; i < m_rows.columns.size(); ++i)
        m_preview_rows->AppendColumn(U(m_rows.columns[i]), wxLIST_FORMAT_LEFT, 110);
    for (std::size_t r = 0; r < m_rows.rows.size(); ++r) {
        const auto& row = m_rows.rows[r];
        const long item =
            m_preview_rows->InsertItem(static_cast<long>(r), row.empty() ? wxString() : U(row[0]));
        for (std::size_t i = 1; i < row.size(); ++i)
            m_preview_rows->SetItem(item, static_cast<long>(i), U(row[i]));
    }
    wxString info;
    if (!m_rows.encoding.empty())
        info += wxString::Format(_("Text read as %s."), m_rows.encoding) + "\n";
    const geo::Box& e = m_shapes.extent;
    if (!e.empty()) {
        info += wxString::Format(_("Extent in WGS 84: %.4f to %.4f E, %.4f to %.4f N."), e.minx,
                                 e.maxx, e.miny, e.maxy);
        const geo::Box& a = m_shapes_as_is.extent;
        if (!a.empty()) {
            const double lat = e.centre().y * M_PI / 180;
            const double dx = (e.centre().x - a.centre().x) * 111320 * std::cos(lat);
            const double dy = (e.centre().y - a.centre().y) * 110540;
            info += "\n" + wxString::Format(_("Moved %.0f m by the conversion (grey: as the data "
                                              "says)."),
                                            std::hypot(dx, dy));
        }
    }
    for (const wxString& p :
         {ImportParamText(m_rows.problem), ImportParamText(m_shapes.problem), U(m_preview_error)})
        if (!p.empty()) info += "\n" + wxString(_("The import would stop:")) + " " + p;
    info.Trim();
    m_preview_info->SetLabel(info);
    m_preview_info->Wrap(940);
    m_map->Refresh();
    if (m_book) m_book->GetPage(preview_page)->Layout();
}

void ImportWizard::PaintMap() {
    wxAutoBufferedPaintDC dc(m_map);
    dc.SetBackground(*wxWHITE_BRUSH);
    dc.Clear();
    std::unique_ptr<wxGraphicsContext> gc(wxGraphicsContext::Create(dc));
    if (!gc) return;
    const wxSize size = m_map->GetClientSize();
    gc->SetPen(wxPen(wxColour(160, 160, 160)));
    gc->SetBrush(*wxTRANSPARENT_BRUSH);
    gc->DrawRectangle(0, 0, size.x - 1, size.y - 1);
    geo::Box box = m_shapes.extent;
    box.expand(m_shapes_as_is.extent);
    if (box.empty()) {
        gc->SetFont(GetFont(), wxColour(120, 120, 120));
        gc->DrawText(_("Nothing to draw"), 10, 10);
        return;
    }
    // Longitude degrees are shorter than latitude degrees: draw x scaled by cos(latitude).
    const double k = std::cos(box.centre().y * M_PI / 180);
    auto squeeze = [k](geo::Box b) {
        b.minx *= k;
        b.maxx *= k;
        return b;
    };
    const geo::PreviewFrame frame(squeeze(box), size.x, size.y, 12);
    auto draw = [&](const geo::PreviewShapes& shapes, const wxColour& colour) {
        gc->SetPen(wxPen(colour, 1));
        gc->SetBrush(wxBrush(colour));
        for (const auto& line : shapes.lines) {
            wxGraphicsPath path = gc->CreatePath();
            for (std::size_t i = 0; i < line.size(); ++i) {
                const geo::Point p = frame.pixel({line[i].x * k, line[i].y});
                if (i == 0)
                    path.MoveToPoint(p.x, p.y);
                else
                    path.AddLineToPoint(p.x, p.y);
            }
            gc->StrokePath(path);
        }
        for (const geo::Point& pt : shapes.points) {
            const geo::Point p = frame.pixel({pt.x * k, pt.y});
            gc->DrawEllipse(p.x - 1.5, p.y - 1.5, 3, 3);
        }
    };
    draw(m_shapes_as_is, wxColour(190, 190, 190));
    draw(m_shapes, wxColour(200, 40, 40));
}

void ImportWizard::UpdateSummary() {
    if (!m_summary) return;
    wxString text;
    try {
        // One option a line, as a shell command.
        std::string line = "cordon-cli";
        for (const std::string& word : ImportCommandLine(geo::import_arguments(m_choices))) {
            if (word.rfind("--", 0) == 0) line += " \\\n   ";
            line +=
                " " + (word.find_first_of(" '\"") == std::string::npos ? word : "'" + word + "'");
        }
        line += " \\\n    -o " + Target();
        text = U(line) + "\n\n";
    } catch (const std::exception& e) {
        text = U(e.what()) + "\n\n";
    }
    for (const auto& c : m_choices.layers) {
        text += U(LayerLabel(c)) + U(" → ") + RoleTitle(c.role) + "\n";
        if (c.role == geo::osm_rules_role || c.role == geo::ignore_role) continue;
        for (const std::string& attribute : geo::role_attributes(c.role)) {
            const std::string f = EffectiveField(c, attribute);
            if (!f.empty()) text += "    " + AttributeTitle(attribute) + U(" ← ") + U(f) + "\n";
        }
    }
    m_summary->ChangeValue(text);
}

nlohmann::json ImportWizard::State() const {
    nlohmann::json s;
    s["page"] = m_page;
    s["title"] = m_title->GetLabel().utf8_string();
    s["files"] = m_choices.files;
    s["encoding"] = m_choices.encoding;
    s["source_crs"] = m_choices.source_crs;
    nlohmann::json layers = nlohmann::json::array();
    for (std::size_t i = 0; i < m_choices.layers.size(); ++i) {
        const auto& c = m_choices.layers[i];
        nlohmann::json fields = nlohmann::json::object();
        if (c.role != geo::osm_rules_role && c.role != geo::ignore_role)
            for (const std::string& attribute : geo::role_attributes(c.role))
                fields[attribute] = EffectiveField(c, attribute);
        layers.push_back({{"file", c.file},
                          {"layer", c.layer},
                          {"geometry", m_layers[i].geometry},
                          {"features", m_layers[i].features},
                          {"detected_role", m_layers[i].role},
                          {"role", c.role},
                          {"fields", fields},
                          {"source_fields", c.source_fields}});
    }
    s["layers"] = layers;
    const int index = PreviewIndex();
    nlohmann::json preview;
    preview["layer"] = index >= 0 ? m_choices.layers[static_cast<std::size_t>(index)].layer : "";
    preview["columns"] = m_rows.columns;
    preview["rows"] = m_rows.rows;
    preview["encoding"] = m_rows.encoding;
    preview["problem"] = ImportParamText(m_rows.problem).utf8_string();
    preview["shapes_problem"] = ImportParamText(m_shapes.problem).utf8_string();
    preview["error"] = m_preview_error;
    preview["lines"] = m_shapes.lines.size();
    preview["points"] = m_shapes.points.size();
    auto box = [](const geo::Box& b) {
        return b.empty() ? nlohmann::json() : nlohmann::json{b.minx, b.miny, b.maxx, b.maxy};
    };
    preview["extent"] = box(m_shapes.extent);
    preview["extent_as_is"] = box(m_shapes_as_is.extent);
    preview["info"] = m_preview_info->GetLabel().utf8_string();
    s["preview"] = preview;
    try {
        s["command_line"] = ImportCommandLine(geo::import_arguments(m_choices));
    } catch (const std::exception& e) {
        s["error"] = e.what();
    }
    s["target"] = Target();
    return s;
}

} // namespace cordon::gui
