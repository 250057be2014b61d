#pragma once
// File › New Project from Data: a wizard over the import. Pages: the source files; every
// layer's role and the fields its role reads (the import's own choices preselected); the
// text encoding and the coordinates of the data with a preview (first rows decoded, the
// features drawn after conversion); the project file. What it builds is the ImportOptions
// `cordon-cli import` makes of the same choices (geo::import_arguments → import_options).

#include <cordon/geo/import_setup.hpp>

#include <nlohmann/json.hpp>
#include <wx/dialog.h>

#include <string>
#include <vector>

class wxButton;
class wxChoice;
class wxListBox;
class wxListCtrl;
class wxPanel;
class wxSimplebook;
class wxStaticText;
class wxTextCtrl;

namespace cordon::gui {

/// The import's words about its parameters (geo::import_param) with the wizard's fields named
/// instead: "use “Text encoding of Shapefiles” to override".
wxString ImportParamText(const ParamText& text);

/// The cordon-cli command that imports the same (without -o), one word an element.
std::vector<std::string> ImportCommandLine(const geo::ImportArguments& arguments);

class ImportWizard : public wxDialog {
public:
    enum Page { files_page, layers_page, preview_page, target_page, page_count };

    explicit ImportWizard(wxWindow* parent);

    /// The pages' choices, as the planner makes them (the test script calls these too).
    /// Each throws InputError for a choice the import would not take.
    void SetFiles(const std::vector<std::string>& files);
    void SetRole(const std::string& layer, const std::string& role); ///< LAYER or FILE:LAYER
    void SetField(const std::string& mapping);     ///< ROLE.ATTRIBUTE=FIELD, every layer of ROLE
    void SetEncoding(const std::string& encoding); ///< "", "utf8" or "gbk"
    void SetSourceCrs(const std::string& crs);     ///< "" (as the data says) or --source-crs
    void SetPreviewLayer(const std::string& layer);
    void SetTarget(const std::string& path);
    void ShowPage(int page);
    int GetPage() const { return m_page; }

    const geo::ImportChoices& Choices() const { return m_choices; }
    /// The import's options; throws InputError when the choices do not make an import.
    geo::ImportOptions Options() const;
    std::string Target() const;
    /// Pages, layers, preview and the equivalent command line, for tests.
    nlohmann::json State() const;

private:
    wxPanel* BuildFilesPage(wxWindow* book);
    wxPanel* BuildLayersPage(wxWindow* book);
    wxPanel* BuildPreviewPage(wxWindow* book);
    wxPanel* BuildTargetPage(wxWindow* book);
    void ReadLayers(); ///< the sources' layers again (files or encoding changed)
    void FillLayerList();
    void SelectLayer(int index);
    void FillFields();
    void UpdatePreview();
    void UpdateSummary();
    void UpdateButtons();
    bool Advance(); ///< checks the page before leaving it forwards; shows what is wrong
    void PaintMap();
    int PreviewIndex() const;

    geo::ImportChoices m_choices;
    std::vector<geo::SourceLayer> m_layers;
    int m_page = files_page;
    int m_current = -1; ///< the layer whose role and fields the layers page shows
    std::vector<std::string> m_role_keys;
    geo::PreviewRows m_rows;
    geo::PreviewShapes m_shapes;       ///< converted from the chosen CRS
    geo::PreviewShapes m_shapes_as_is; ///< as the data says, drawn behind for comparison
    std::string m_preview_error;

    wxSimplebook* m_book = nullptr;
    wxStaticText* m_title = nullptr;
    wxButton* m_back = nullptr;
    wxButton* m_next = nullptr;
    wxButton* m_finish = nullptr;
    wxListBox* m_files = nullptr;
    wxListCtrl* m_layer_list = nullptr;
    wxChoice* m_role = nullptr;
    wxPanel* m_fields = nullptr;
    wxChoice* m_encoding = nullptr;
    wxChoice* m_crs = nullptr;
    wxChoice* m_preview_layer = nullptr;
    wxListCtrl* m_preview_rows = nullptr;
    wxPanel* m_map = nullptr;
    wxStaticText* m_preview_info = nullptr;
    wxTextCtrl* m_target = nullptr;
    wxTextCtrl* m_summary = nullptr;
};

} // namespace cordon::gui
