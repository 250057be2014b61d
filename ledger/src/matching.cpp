#include <cordon/ledger/matching.hpp>
#include <cordon/ledger/places.hpp>

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace cordon::ledger {

namespace {

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::size_t characters(const std::string& s) {
    std::size_t n = 0;
    for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

std::string ids_text(const geo::District& d, const std::vector<std::size_t>& buildings) {
    std::string out;
    for (std::size_t i = 0; i < buildings.size() && i < 5; ++i)
        out += (i ? ", " : "") + std::to_string(d.buildings[buildings[i]].id);
    if (buildings.size() > 5) out += ", …";
    return out;
}

} // namespace

struct Matcher::Index {
    const geo::District& d;
    Normaliser normalise;
    std::unordered_map<std::string, std::vector<std::size_t>> by_code;   ///< → buildings
    std::unordered_map<std::string, std::vector<std::size_t>> compounds; ///< key → compounds
    /// compound index → number → buildings
    std::unordered_map<std::size_t, std::unordered_map<std::string, std::vector<std::size_t>>>
        by_number;
    struct DoorOf {
        std::string road;
        std::size_t building;
    };
    std::unordered_map<std::string, std::vector<DoorOf>> by_door;   ///< door number → buildings
    std::vector<std::pair<std::string, std::size_t>> compound_keys; ///< longest first
    /// The community holding each building (its centroid), and the communities by name.
    std::vector<std::optional<std::size_t>> community_of;
    std::unordered_map<std::string, std::vector<std::size_t>> communities;
    /// A register's community names → the district's communities of that name (null: none).
    mutable std::unordered_map<std::string, const std::vector<std::size_t>*> community_names;

    /// A community's name without 社区 or 居委会 at its end.
    std::string community_key(const std::string& name) const {
        std::string t = normalise.text(name);
        for (const char* suffix : {"社区居委会", "居委会", "社区"})
            if (ends_with(t, suffix) && t.size() > std::string(suffix).size()) {
                t.resize(t.size() - std::string(suffix).size());
                break;
            }
        return t;
    }

    /// The buildings of `found` in the communities called `name`; all of them when the name is
    /// empty or no community of the district has it.
    std::vector<std::size_t> in_community(std::vector<std::size_t> found,
                                          const std::string& name) const {
        if (name.empty() || communities.empty()) return found;
        auto known = community_names.find(name);
        if (known == community_names.end()) {
            const auto it = communities.find(community_key(name));
            known = community_names.emplace(name, it == communities.end() ? nullptr : &it->second)
                        .first;
        }
        const std::vector<std::size_t>* in = known->second;
        if (!in) return found;
        std::erase_if(found, [&](std::size_t b) {
            return !community_of[b] ||
                   std::find(in->begin(), in->end(), *community_of[b]) == in->end();
        });
        return found;
    }

    explicit Index(const geo::District& district) : d(district) {
        std::vector<std::string_view> texts;
        texts.reserve(d.compounds.size() + 2 * d.buildings.size());
        for (const auto& c : d.compounds)
            texts.push_back(c.name);
        for (const auto& b : d.buildings) {
            texts.push_back(b.number);
            texts.push_back(b.address);
        }
        normalise.prepare(texts);
        for (std::size_t c = 0; c < d.compounds.size(); ++c) {
            const std::string key = normalise.compound(d.compounds[c].name);
            if (key.empty()) continue;
            compounds[key].push_back(c);
            compound_keys.push_back({key, c});
        }
        std::sort(compound_keys.begin(), compound_keys.end(),
                  [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
        const auto holder = compound_of_buildings(d);
        for (std::size_t c = 0; c < d.communities.size(); ++c)
            communities[community_key(d.communities[c].name)].push_back(c);
        community_of = community_of_buildings(d);
        for (std::size_t i = 0; i < d.buildings.size(); ++i) {
            const geo::Building& b = d.buildings[i];
            if (!b.source_id.empty()) {
                const std::string code = lower(b.source_id);
                by_code[code].push_back(i);
                const auto slash = code.find('/');
                if (slash != std::string::npos) by_code[code.substr(slash + 1)].push_back(i);
            }
            if (holder[i] && !b.number.empty()) {
                const std::string n = normalise.building_number(b.number);
                if (!n.empty()) by_number[*holder[i]][n].push_back(i);
            }
            // A road of one character ("v") is no road to find a door on.
            if (const auto door = normalise.door(b.address); door && characters(door->road) >= 2)
                by_door[door->number].push_back({door->road, i});
        }
    }

    /// The match of `found` by `rule`: one building, or ambiguous, said with `what()` (made
    /// only then).
    template <typename What>
    MatchResult decide(const char* rule, std::vector<std::size_t> found, const What& what) const {
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        MatchResult r;
        r.rule = rule;
        if (found.size() == 1) {
            r.building = d.buildings[found.front()].id;
        } else {
            r.ambiguous = true;
            r.reason = std::to_string(found.size()) + " buildings fit " + what() + " (ids " +
                       ids_text(d, found) + ")";
        }
        return r;
    }

    /// Buildings numbered `number` in the compounds called `key`.
    std::vector<std::size_t> numbered(const std::vector<std::size_t>& in,
                                      const std::string& number) const {
        std::vector<std::size_t> found;
        for (std::size_t c : in) {
            auto it = by_number.find(c);
            if (it == by_number.end()) continue;
            auto n = it->second.find(number);
            if (n != it->second.end())
                found.insert(found.end(), n->second.begin(), n->second.end());
        }
        return found;
    }
};

Matcher::Matcher(const geo::District& district) : m_index(std::make_unique<Index>(district)) {}
Matcher::~Matcher() = default;

void Matcher::prepare(const std::vector<geo::Household>& households) const {
    std::vector<std::string_view> texts;
    texts.reserve(2 * households.size());
    for (const auto& h : households)
        for (const std::string* s : {&h.compound, &h.address}) // many; few buildings, communities
            if (!s->empty()) texts.push_back(*s);
    m_index->normalise.prepare(texts);
}

MatchResult Matcher::match(const geo::Household& h) const {
    const Index& x = *m_index;
    std::vector<std::string> tried;

    // 1. The building's code.
    if (!h.code.empty()) {
        std::string code;
        for (char c : half_width(h.code))
            if (c != ' ') code += c;
        const auto it = x.by_code.find(lower(code));
        if (it != x.by_code.end())
            return x.decide(k_rule_code, it->second, [&] { return "code '" + h.code + "'"; });
        tried.push_back("no building has the code '" + h.code + "'");
    }

    // 2. Compound + building number.
    if (!h.compound.empty()) {
        const std::string key = x.normalise.compound(h.compound);
        const auto c = x.compounds.find(key);
        const std::string number = x.normalise.building_number(h.building);
        if (c == x.compounds.end()) {
            tried.push_back("no compound is called '" + h.compound + "'");
        } else if (number.empty()) {
            tried.push_back("compound '" + h.compound + "' but no building number");
        } else {
            const auto anywhere = x.numbered(c->second, number);
            const auto found = x.in_community(anywhere, h.community);
            if (!found.empty())
                return x.decide(k_rule_compound, found, [&] {
                    return "compound '" + h.compound + "' building '" + h.building + "'";
                });
            tried.push_back(anywhere.empty()
                                ? "compound '" + h.compound + "' has no building '" + h.building +
                                      "'"
                                : "compound '" + h.compound + "' has building '" + h.building +
                                      "' only outside community '" + h.community + "'");
        }
    }

    // 3. Road + door number.
    const auto door = h.address.empty() ? std::nullopt : x.normalise.door(h.address);
    if (door) {
        // The buildings on the longest road the address ends with: Schellenbergstrasse 17 is
        // not Bergstrasse 17, 人民北路 16号 not 北路 16号 (the address may carry a city first).
        std::vector<std::size_t> found;
        std::size_t longest = 0;
        if (auto it = x.by_door.find(door->number); it != x.by_door.end())
            for (const auto& candidate : it->second) {
                if (!ends_with(door->road, candidate.road) || candidate.road.size() < longest)
                    continue;
                if (candidate.road.size() > longest) found.clear();
                longest = candidate.road.size();
                found.push_back(candidate.building);
            }
        found = x.in_community(std::move(found), h.community);
        if (!found.empty())
            return x.decide(k_rule_door, found, [&] { return "address '" + h.address + "'"; });
        tried.push_back("no building at '" + h.address + "'");
    }

    // 4. The address text: a compound's name followed by a building number.
    if (!h.address.empty()) {
        const std::string text = x.normalise.text(h.address);
        for (const auto& [key, c] : x.compound_keys) {
            if (key.size() < 6) continue; // two characters at least
            const auto at = text.find(key);
            if (at == std::string::npos) continue;
            std::string rest = text.substr(at + key.size());
            for (const char* suffix : {"住宅小区", "小区", "院落", "花园", "院"})
                if (rest.rfind(suffix, 0) == 0) {
                    rest = rest.substr(std::string(suffix).size());
                    break;
                }
            std::size_t digits = 0;
            while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits])))
                ++digits;
            if (digits == 0) continue;
            const std::string after = rest.substr(digits);
            const bool building_word = after.rfind("栋", 0) == 0 || after.rfind("幢", 0) == 0 ||
                                       after.rfind("号楼", 0) == 0 || after.rfind("座", 0) == 0 ||
                                       after.rfind("#", 0) == 0;
            if (!building_word) continue;
            const auto found =
                x.in_community(x.numbered(x.compounds.at(key),
                                          x.normalise.building_number(rest.substr(0, digits))),
                               h.community);
            if (!found.empty())
                return x.decide(k_rule_address, found,
                                [&] { return "address '" + h.address + "'"; });
        }
        if (!door) tried.push_back("address '" + h.address + "' names no known building");
    }

    MatchResult r;
    if (tried.empty()) {
        r.reason = "names no compound, building, address or code";
    } else {
        for (const auto& t : tried)
            r.reason += (r.reason.empty() ? "" : "; ") + t;
    }
    return r;
}

} // namespace cordon::ledger
