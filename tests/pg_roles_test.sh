#!/usr/bin/env bash
# Roles per community and live notifications on a published project (issue 19, items 3 and 4),
# on a throwaway cluster (installer/pg_cluster.sh):
# - the sample with two communities (west and east halves of its extent) is published with
#   `cordon-cli publish --roles`: a planner of each community and the district planner;
# - as the west planner (logged in as that role), updating an east compound is refused with a
#   one-line message naming the compound and the policy; its own compound is updated; the
#   district planner updates the east compound;
# - the west planner reads only the west's households (RLS on SELECT), the district all;
# - `cordon-cli edit` as the west planner on the east compound exits 2 naming the policy;
# - every commit notifies (pg_notify: layer and ids), and the history names who and from where.
#   pg_roles_test.sh CLI OSM WORK PG_CLUSTER_SCRIPT
set -euo pipefail
cli=$1 osm=$2 work=$3 cluster=$4
psql_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}/psql
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
ok() { echo "ok: $*"; }

rm -rf "$work"
mkdir -p "$work"
trap 'bash "$cluster" stop "$work/pg" >/dev/null 2>&1 || true' EXIT
url=$(bash "$cluster" start "$work/pg")
export PGPASSFILE=$work/pg/pgpass
data=$(cat "$work/pg/datadir")
port=$(cat "$work/pg/port")
# As a role through the cluster's Unix socket (trusted locally: the roles have no password).
as() {
    local role=$1
    shift
    "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h "$data" -p "$port" -U "$role" -d cordon "$@"
}
super() { "$psql_bin" -X -q -A -t -v ON_ERROR_STOP=1 "$url" "$@"; }

# The sample, with two communities: the west and the east half of its bounds.
cat >"$work/communities.geojson" <<'EOF'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "西社区", "code": "W1"},
  "geometry": {"type": "Polygon", "coordinates": [[[104.0421, 30.6528], [104.0858, 30.6528],
    [104.0858, 30.7279], [104.0421, 30.7279], [104.0421, 30.6528]]]}},
 {"type": "Feature", "properties": {"name": "东社区", "code": "E1"},
  "geometry": {"type": "Polygon", "coordinates": [[[104.0858, 30.6528], [104.1296, 30.6528],
    [104.1296, 30.7279], [104.0858, 30.7279], [104.0858, 30.6528]]]}}]}
EOF
"$cli" import "$osm" "$work/communities.geojson" -o "$work/sample.cordon" >/dev/null
cat >"$work/roles.json" <<'EOF'
{"district": "district_planner",
 "communities": {"west_planner": ["西社区"], "east_planner": ["E1"]}}
EOF
"$cli" publish "$work/sample.cordon" "$url" --schema rls --roles "$work/roles.json" \
    >"$work/publish.txt" 2>&1 || { cat "$work/publish.txt"; fail "publish --roles"; }
ok "published with roles"

west=$(super -c "SELECT id FROM rls.compounds WHERE rls.cordon_community_at(geom) =
    (SELECT id FROM rls.communities WHERE name = '西社区') ORDER BY id LIMIT 1")
east=$(super -c "SELECT id FROM rls.compounds WHERE rls.cordon_community_at(geom) =
    (SELECT id FROM rls.communities WHERE name = '东社区') ORDER BY id LIMIT 1")
[[ -n $west && -n $east ]] || fail "no compound in the west ('$west') or the east ('$east')"
ok "west compound $west, east compound $east"

# The west planner cannot change an east compound: refused, naming compound and policy.
if as west_planner -c "UPDATE rls.compounds SET mode = 'guarded' WHERE id = $east" \
    >"$work/refused.txt" 2>&1; then
    fail "the west planner updated east compound $east"
fi
grep -q "compound $east belongs to community" "$work/refused.txt" ||
    fail "the refusal does not name compound $east: $(cat "$work/refused.txt")"
grep -q "policy cordon_community_edit" "$work/refused.txt" ||
    fail "the refusal does not name the policy: $(cat "$work/refused.txt")"
ok "west planner refused on compound $east: $(head -1 "$work/refused.txt")"
[[ $(super -c "SELECT mode FROM rls.compounds WHERE id = $east") != guarded ]] ||
    fail "compound $east changed anyway"

# Its own compound: changed; and it cannot move it into the east.
as west_planner -c "UPDATE rls.compounds SET mode = 'guarded' WHERE id = $west" >/dev/null
[[ $(super -c "SELECT mode FROM rls.compounds WHERE id = $west") == guarded ]] ||
    fail "the west planner could not change its own compound $west"
ok "west planner changed its own compound $west"
if as west_planner -c "UPDATE rls.compounds SET geom = ST_Translate(geom, 20000, 0)
    WHERE id = $west" >"$work/moved.txt" 2>&1; then
    fail "the west planner moved compound $west out of its community"
fi
grep -q "would belong to" "$work/moved.txt" || fail "moving out: $(cat "$work/moved.txt")"
ok "moving a compound out of the community refused"

# A gate of the east compound (through its compound) and a road (the district's alone).
gate=$(super -c "SELECT id FROM rls.gates WHERE compound_id = $east ORDER BY id LIMIT 1")
if [[ -n $gate ]]; then
    if as west_planner -c "UPDATE rls.gates SET state = 'closed' WHERE id = $gate" \
        >/dev/null 2>&1; then
        fail "the west planner closed east gate $gate"
    fi
    ok "west planner refused on east gate $gate"
fi
if as west_planner -c "UPDATE rls.roads SET name = 'x' WHERE id = 1" >"$work/road.txt" 2>&1; then
    fail "the west planner renamed road 1"
fi
grep -q "road 1 belongs to no community" "$work/road.txt" || fail "road: $(cat "$work/road.txt")"
ok "roads are the district's"

# The district planner changes the east compound.
as district_planner -c "UPDATE rls.compounds SET mode = 'patrol' WHERE id = $east" >/dev/null
[[ $(super -c "SELECT mode FROM rls.compounds WHERE id = $east") == patrol ]] ||
    fail "the district planner could not change compound $east"
ok "district planner changed compound $east"

# The history says who changed what from which workstation.
who=$(super -c "SELECT who || ' ' || op FROM rls.feature_history WHERE layer = 'compounds'
    AND feature_id = $east ORDER BY seq DESC LIMIT 1")
[[ $who == "district_planner update" ]] || fail "history of compound $east: '$who'"
ok "history: compound $east by $who"

# Households: each community reads its own only (two rows put in by the owner).
wb=$(super -c "SELECT b.id FROM rls.buildings b WHERE rls.cordon_feature_community(b.compound_id, b.geom)
    = (SELECT id FROM rls.communities WHERE name = '西社区') ORDER BY b.id LIMIT 1")
eb=$(super -c "SELECT b.id FROM rls.buildings b WHERE rls.cordon_feature_community(b.compound_id, b.geom)
    = (SELECT id FROM rls.communities WHERE name = '东社区') ORDER BY b.id LIMIT 1")
super -c "INSERT INTO rls.households (id, key, building_id, community) VALUES
    (900001, 'W-1', $wb, ''), (900002, 'E-1', $eb, ''), (900003, 'E-2', NULL, '东社区')" >/dev/null
[[ $(as west_planner -A -t -c "SELECT string_agg(key, ',' ORDER BY key) FROM rls.households") == W-1 ]] ||
    fail "the west planner reads households: $(as west_planner -A -t -c "SELECT string_agg(key, ',') FROM rls.households")"
[[ $(as east_planner -A -t -c "SELECT string_agg(key, ',' ORDER BY key) FROM rls.households") == E-1,E-2 ]] ||
    fail "the east planner reads households: $(as east_planner -A -t -c "SELECT string_agg(key, ',') FROM rls.households")"
[[ $(as district_planner -A -t -c "SELECT count(*) FROM rls.households WHERE id > 900000") == 3 ]] ||
    fail "the district planner does not read every household"
ok "households: west reads W-1, east E-1,E-2, the district all three"

# Every commit notifies the schema's channel with the layer and the ids.
printf "LISTEN cordon_rls;\nUPDATE rls.gates SET crew = crew WHERE id IN (SELECT id FROM rls.gates ORDER BY id LIMIT 2);\nSELECT 1;\n" |
    as district_planner >"$work/notify.txt" 2>&1
grep -q 'Asynchronous notification "cordon_rls" with payload "{"layer" : "gates", "op" : "update", "ids" : \[' \
    "$work/notify.txt" || fail "no notification: $(cat "$work/notify.txt")"
ok "notified: $(grep -o 'payload.*received' "$work/notify.txt" | head -1)"

# cordon-cli edit as the west planner on the east compound: exit 2, the policy named.
echo "[{\"edit\": \"compound\", \"id\": $east, \"mode\": \"closed\"}]" >"$work/edit.json"
set +e
"$cli" edit "postgresql://west_planner@/cordon?host=$data&port=$port&schema=rls" \
    --edits "$work/edit.json" >"$work/edit-out.txt" 2>&1
rc=$?
set -e
[[ $rc == 2 ]] || fail "cordon-cli edit as west_planner exited $rc: $(cat "$work/edit-out.txt")"
grep -q "cordon_community_edit" "$work/edit-out.txt" ||
    fail "cordon-cli edit's message: $(cat "$work/edit-out.txt")"
ok "cordon-cli edit as west_planner: exit 2, $(tail -1 "$work/edit-out.txt")"
echo "all passed"
