#include "edit_text.hpp"

#include "features.hpp"
#include "shell.hpp"

#include <wx/intl.h>

#include <functional>
#include <regex>
#include <vector>

namespace cordon::gui {

namespace {

/// A field of the attribute form ("households") in the UI language.
wxString FieldWord(const std::string& field) {
    if (field == "name") return _("name");
    if (field == "number") return _("building number");
    if (field == "address") return _("address");
    if (field == "category") return _("category");
    if (field == "households") return _("households");
    if (field == "floors") return _("floors");
    if (field == "manager") return _("manager");
    if (field == "team") return _("team");
    if (field == "mode") return _("control mode");
    return U(field);
}

/// A layer's features, one or many ("building", "compounds").
wxString FeatureWord(const std::string& word) {
    if (word == "building" || word == "buildings") return _("buildings");
    if (word == "compound" || word == "compounds") return _("compounds");
    if (word == "gate" || word == "gates") return _("gates");
    if (word == "road" || word == "roads") return _("roads");
    if (word == "zone" || word == "zones") return _("patrol zones");
    if (word == "checkpoint" || word == "checkpoints") return _("checkpoints");
    if (word == "community" || word == "communities") return _("communities");
    return U(word);
}

/// One feature of a layer ("building").
wxString FeatureNoun(const std::string& word) {
    if (word == "building") return _("building");
    if (word == "compound") return _("compound");
    if (word == "gate") return _("gate");
    if (word == "road") return _("road");
    if (word == "zone") return _("zone");
    if (word == "checkpoint") return _("checkpoint");
    if (word == "community") return _("community");
    return U(word);
}

wxString StepWord(const std::string& step) {
    if (step == "classify") return _("classify buildings");
    if (step == "gates") return _("reduce gates");
    if (step == "zones") return _("patrol zones");
    if (step == "routes") return _("patrol routes");
    if (step == "checkpoints") return _("checkpoints");
    if (step == "staffing") return _("staffing");
    if (step == "all") return _("all steps");
    return U(step);
}

/// A value set by an edit: a mode word translated, numbers and names as they are.
wxString ValueWord(const std::string& value) {
    const wxString mode = ModeWord(value);
    return mode != U(value) ? mode : CategoryText(value);
}

struct Phrase {
    std::regex pattern;
    std::function<wxString(const std::smatch&)> say;
};

const std::vector<Phrase>& Phrases() {
    using M = std::smatch;
    auto s = [](const M& m, std::size_t i) { return U(m[i].str()); };
    static const std::vector<Phrase> phrases = {
        {std::regex("open gate (\\d+)"),
         [=](const M& m) { return wxString::Format(_("open gate %s"), s(m, 1)); }},
        {std::regex("close gate (\\d+)"),
         [=](const M& m) { return wxString::Format(_("close gate %s"), s(m, 1)); }},
        {std::regex("open (\\d+) gates"),
         [=](const M& m) { return wxString::Format(_("open %s gates"), s(m, 1)); }},
        {std::regex("close (\\d+) gates"),
         [=](const M& m) { return wxString::Format(_("close %s gates"), s(m, 1)); }},
        {std::regex("set compound (\\d+) to (\\w+)"),
         [=](const M& m) {
             return wxString::Format(_("set compound %s to %s"), s(m, 1), ModeWord(m[2]));
         }},
        {std::regex("set (\\d+) compounds to (\\w+)"),
         [=](const M& m) {
             return wxString::Format(_("set %s compounds to %s"), s(m, 1), ModeWord(m[2]));
         }},
        {std::regex("move no buildings"), [=](const M&) { return _("move no buildings"); }},
        {std::regex("move building (\\d+) to zone (\\d+)"),
         [=](const M& m) {
             return wxString::Format(_("move building %s to zone %s"), s(m, 1), s(m, 2));
         }},
        {std::regex("move building (\\d+) to no zone"),
         [=](const M& m) { return wxString::Format(_("move building %s to no zone"), s(m, 1)); }},
        {std::regex("move (\\d+) buildings to zone (\\d+)"),
         [=](const M& m) {
             return wxString::Format(_("move %s buildings to zone %s"), s(m, 1), s(m, 2));
         }},
        {std::regex("move (\\d+) buildings to no zone"),
         [=](const M& m) { return wxString::Format(_("move %s buildings to no zone"), s(m, 1)); }},
        {std::regex("add a (\\w+) checkpoint"),
         [=](const M& m) { return wxString::Format(_("add a checkpoint (%s)"), ModeWord(m[1])); }},
        {std::regex("move checkpoint (\\d+)"),
         [=](const M& m) { return wxString::Format(_("move checkpoint %s"), s(m, 1)); }},
        {std::regex("delete checkpoint (\\d+)"),
         [=](const M& m) { return wxString::Format(_("delete checkpoint %s"), s(m, 1)); }},
        {std::regex("delete (\\d+) checkpoints"),
         [=](const M& m) { return wxString::Format(_("delete %s checkpoints"), s(m, 1)); }},
        {std::regex("close road (\\d+)"),
         [=](const M& m) { return wxString::Format(_("close road %s"), s(m, 1)); }},
        {std::regex("reopen road (\\d+)"),
         [=](const M& m) { return wxString::Format(_("reopen road %s"), s(m, 1)); }},
        {std::regex("close (\\d+) roads"),
         [=](const M& m) { return wxString::Format(_("close %s roads"), s(m, 1)); }},
        {std::regex("reopen (\\d+) roads"),
         [=](const M& m) { return wxString::Format(_("reopen %s roads"), s(m, 1)); }},
        {std::regex("set (\\w+) of (\\d+) (\\w+) to (.*)"),
         [=](const M& m) {
             return wxString::Format(_("set %s of %s %s to %s"), FieldWord(m[1]), s(m, 2),
                                     FeatureWord(m[3]), ValueWord(m[4]));
         }},
        {std::regex("set (\\w+) of (\\w+) (\\d+) to (.*)"),
         [=](const M& m) {
             return wxString::Format(_("set %s of %s no. %s to %s"), FieldWord(m[1]),
                                     FeatureNoun(m[2]), s(m, 3), ValueWord(m[4]));
         }},
        {std::regex("mark building (\\d+) a home"),
         [=](const M& m) { return wxString::Format(_("mark building %s a home"), s(m, 1)); }},
        {std::regex("mark building (\\d+) not a home"),
         [=](const M& m) { return wxString::Format(_("mark building %s not a home"), s(m, 1)); }},
        {std::regex("mark (\\d+) buildings homes"),
         [=](const M& m) { return wxString::Format(_("mark %s buildings homes"), s(m, 1)); }},
        {std::regex("mark (\\d+) buildings not homes"),
         [=](const M& m) { return wxString::Format(_("mark %s buildings not homes"), s(m, 1)); }},
        {std::regex("plan (\\w+)"),
         [=](const M& m) { return wxString::Format(_("plan: %s"), StepWord(m[1])); }},
        {std::regex("refresh zones(( \\d+)*)"),
         [=](const M& m) { return wxString::Format(_("refresh zones%s"), s(m, 1)); }},
        {std::regex("save scenario (.*)"),
         [=](const M& m) { return wxString::Format(_("save scenario %s"), s(m, 1)); }},
        {std::regex("restore scenario (.*)"),
         [=](const M& m) { return wxString::Format(_("restore scenario %s"), s(m, 1)); }},
        {std::regex("delete scenario (.*)"),
         [=](const M& m) { return wxString::Format(_("delete scenario %s"), s(m, 1)); }},
        {std::regex("import register (.*)"),
         [=](const M& m) { return wxString::Format(_("import register %s"), s(m, 1)); }},
        {std::regex("match household (.*) to building (.*)"),
         [=](const M& m) {
             return wxString::Format(_("match household %s to building %s"), s(m, 1), s(m, 2));
         }},
        {std::regex("(add|remove|move|show|hide|set) basemap (.*)"),
         [=](const M& m) {
             const std::string verb = m[1];
             const wxString name = s(m, 2);
             if (verb == "add") return wxString::Format(_("add basemap %s"), name);
             if (verb == "remove") return wxString::Format(_("remove basemap %s"), name);
             if (verb == "move") return wxString::Format(_("move basemap %s"), name);
             if (verb == "show") return wxString::Format(_("show basemap %s"), name);
             if (verb == "hide") return wxString::Format(_("hide basemap %s"), name);
             return wxString::Format(_("set basemap %s"), name);
         }},
        {std::regex("import visits (.*)"),
         [=](const M& m) { return wxString::Format(_("import visits %s"), s(m, 1)); }},
        {std::regex("recover autosave"), [=](const M&) { return _("recover autosave"); }},
        {std::regex("take their version of (\\w+) (\\d+)"),
         [=](const M& m) {
             return wxString::Format(_("take their version of %s %s"), FeatureWord(m[1]), s(m, 2));
         }},
        {std::regex("no change"), [=](const M&) { return _("no change"); }},
    };
    return phrases;
}

} // namespace

wxString RoadClassText(const std::string& cls) {
    std::string c = cls;
    if (c.size() > 5 && c.compare(c.size() - 5, 5, "_link") == 0) c.resize(c.size() - 5);
    if (c == "motorway") return _("motorway");
    if (c == "trunk") return _("trunk road");
    if (c == "primary") return _("main road");
    if (c == "secondary") return _("secondary road");
    if (c == "tertiary") return _("tertiary road");
    if (c == "residential" || c == "unclassified" || c == "living_street" || c == "road")
        return _("minor road");
    if (c == "service") return _("service road");
    if (c == "track") return _("track");
    if (c == "footway") return _("footway");
    if (c == "pedestrian") return _("pedestrian street");
    if (c == "path") return _("path");
    if (c == "steps") return _("steps");
    if (c == "cycleway") return _("cycleway");
    if (c == "bridleway") return _("bridleway");
    return U(cls);
}

namespace {

wxString DirectionWord(const std::string& d) {
    if (d == "north") return _("north");
    if (d == "north-east") return _("north-east");
    if (d == "east") return _("east");
    if (d == "south-east") return _("south-east");
    if (d == "south") return _("south");
    if (d == "south-west") return _("south-west");
    if (d == "west") return _("west");
    if (d == "north-west") return _("north-west");
    return U(d);
}

/// "芳邻路 (tertiary)", "unnamed road 32 (trunk)", "gate 12": a road or gate as a reason
/// names it.
wxString LabelText(const std::string& label) {
    static const std::regex road("(.*) \\(([a-z_]+)\\)");
    static const std::regex unnamed("unnamed road (\\d+)");
    static const std::regex gate("gate (\\d+)");
    std::smatch m;
    if (std::regex_match(label, m, road)) return LabelText(m[1]) + " (" + RoadClassText(m[2]) + ")";
    if (std::regex_match(label, m, unnamed))
        return wxString::Format(_("unnamed road %s"), U(m[1].str()));
    if (std::regex_match(label, m, gate)) return wxString::Format(_("gate %s"), U(m[1].str()));
    return U(label);
}

/// The area a checkpoint run protected, as its reason names it.
wxString AreaText(const std::string& area) {
    if (area == "district") return _("the district");
    if (area == "drawn polygon") return _("the polygon drawn on the map");
    return LabelText(area);
}

/// A distance the planner wrote ("272 m", "1.2 km").
wxString DistanceText(const std::string& text) {
    static const std::regex d("([0-9.]+) (m|km)");
    std::smatch m;
    if (std::regex_match(text, m, d))
        return wxString::Format(m[2] == "km" ? _("%s km") : _("%s m"), U(m[1].str()));
    return U(text);
}

/// One phrase of a reason (between "; ").
wxString ReasonPhrase(const std::string& p) {
    using M = std::smatch;
    auto s = [](const M& m, std::size_t i) { return U(m[i].str()); };
    static const std::vector<Phrase> phrases = {
        {std::regex("set by hand: (\\w+)"),
         [=](const M& m) { return wxString::Format(_("set by hand: %s"), ModeWord(m[1])); }},
        {std::regex("placed by hand"), [=](const M&) { return _("placed by hand"); }},
        {std::regex("imported from (.*)"),
         [=](const M& m) { return wxString::Format(_("imported from %s"), s(m, 1)); }},
        {std::regex("open: nearest open gate for (\\d+) buildings \\((.*); farthest (\\d+) m\\)"),
         [=](const M& m) {
             static const std::regex more("(.*) and (\\d+) more");
             std::smatch x;
             const std::string ids = m[2].str();
             const wxString ids_text =
                 std::regex_match(ids, x, more)
                     ? wxString::Format(_("%s and %s more"), U(x[1].str()), U(x[2].str()))
                     : U(ids);
             return wxString::Format(
                 _("open: the nearest open gate of %s buildings (%s; farthest %s m)"), s(m, 1),
                 ids_text, s(m, 3));
         }},
        {std::regex("open: nearest open gate for (\\d+) buildings"),
         [=](const M& m) {
             return wxString::Format(_("open: the nearest open gate of %s buildings"), s(m, 1));
         }},
        {std::regex("the compound's vehicle gate"),
         [=](const M&) { return _("the compound's vehicle gate"); }},
        {std::regex("closed: every building is within (\\d+) m of an open gate \\(limit (\\d+) "
                    "m\\), e\\.g\\. (.*)"),
         [=](const M& m) {
             return wxString::Format(
                 _("closed: every building is within %s m of an open gate (limit %s m), e.g. %s"),
                 s(m, 1), s(m, 2), LabelText(m[3]));
         }},
        {std::regex("Cordon: (.*), traffic heading ([a-z-]+) into the area"),
         [=](const M& m) {
             return wxString::Format(_("Cordon: %s, traffic heading %s into the area"),
                                     LabelText(m[1]), DirectionWord(m[2]));
         }},
        {std::regex("Cordon: (.*), both ways"),
         [=](const M& m) { return wxString::Format(_("Cordon: %s, both ways"), LabelText(m[1])); }},
        {std::regex("one of (\\d+) checkpoints? that together close every drivable way into (.*) "
                    "from beyond (.*)"),
         [=](const M& m) {
             return wxString::Format(
                 _("one of %s checkpoints that together close every drivable way into %s from "
                   "beyond %s"),
                 s(m, 1), AreaText(m[2]), DistanceText(m[3]));
         }},
        {std::regex("one of (\\d+) checkpoints? that together close every drivable way into (.*)"),
         [=](const M& m) {
             return wxString::Format(
                 _("one of %s checkpoints that together close every drivable way into %s"), s(m, 1),
                 AreaText(m[2]));
         }},
        {std::regex("(.*) outside the area"),
         [=](const M& m) {
             return wxString::Format(_("%s outside the area"), DistanceText(m[1]));
         }},
        {std::regex("on the area's edge"), [=](const M&) { return _("on the area's edge"); }},
        {std::regex("crew (\\d+)"),
         [=](const M& m) { return wxString::Format(_("crew %s"), s(m, 1)); }},
        {std::regex("a natural choke point: the only road to the part of the network beyond it"),
         [=](const M&) {
             return _("a natural choke point: the only road to the part of the network beyond it");
         }},
    };
    std::smatch m;
    for (const Phrase& phrase : phrases)
        if (std::regex_match(p, m, phrase.pattern)) return phrase.say(m);
    return U(p);
}

} // namespace

wxString ReasonText(const std::string& reason) {
    // Phrases between "; " outside brackets.
    wxString out;
    std::string part;
    int depth = 0;
    auto flush = [&] {
        out += (out.empty() ? wxString() : wxString(_("; "))) + ReasonPhrase(part);
        part.clear();
    };
    for (std::size_t i = 0; i < reason.size(); ++i) {
        const char c = reason[i];
        if (c == '(') ++depth;
        if (c == ')') --depth;
        if (depth <= 0 && c == ';' && i + 1 < reason.size() && reason[i + 1] == ' ') {
            flush();
            ++i;
            continue;
        }
        part += c;
    }
    if (!part.empty() || out.empty()) flush();
    return out;
}

wxString ModeWord(const std::string& word) {
    if (word == "closed") return _("closed");
    if (word == "guarded") return _("guarded");
    if (word == "patrol") return _("patrol");
    if (word == "unknown") return _("not set");
    if (word == "open") return _("open");
    if (word == "vehicle") return _("vehicle");
    if (word == "registration") return _("registration");
    return U(word);
}

wxString EditText(const std::string& label) {
    // "A; B" and "A; B and 3 more": each part on its own.
    static const std::regex more("(.*); (.*) and (\\d+) more");
    static const std::regex two("(.*); (.*)");
    std::smatch m;
    if (std::regex_match(label, m, more))
        return wxString::Format(_("%s; %s and %s more"), EditText(m[1]), EditText(m[2]),
                                U(m[3].str()));
    if (std::regex_match(label, m, two)) return EditText(m[1]) + wxString(_("; ")) + EditText(m[2]);
    for (const Phrase& p : Phrases())
        if (std::regex_match(label, m, p.pattern)) return p.say(m);
    return U(label);
}

} // namespace cordon::gui
