# Shared by the GUI tests on a shared plan (gui.live, gui.live_dropped): a throwaway cluster
# (installer/pg_cluster.sh) in ${WORK}/pg, started on include; the sample imported and published
# into a schema; psql queries; failures that stop the cluster first.
# Needs CLUSTER, CLI, PSQL, OSM and WORK (support.cmake included before).
execute_process(COMMAND bash ${CLUSTER} start ${WORK}/pg RESULT_VARIABLE rc
    OUTPUT_VARIABLE url ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pg_cluster.sh start failed: ${err}")
endif()
set(ENV{PGPASSFILE} ${WORK}/pg/pgpass)

function(stop_cluster)
    execute_process(COMMAND bash ${CLUSTER} stop ${WORK}/pg)
endfunction()

# fail(MESSAGE): stops the cluster, then fails the test.
function(fail message)
    stop_cluster()
    message(FATAL_ERROR "${message}")
endfunction()

# psql(OUT QUERY): the query's value (unaligned, tuples only).
function(psql out query)
    execute_process(COMMAND ${PSQL} -X -q -A -t -v ON_ERROR_STOP=1 ${url} -c "${query}"
        RESULT_VARIABLE rc OUTPUT_VARIABLE value ERROR_VARIABLE err
        OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT rc EQUAL 0)
        fail("psql '${query}': ${err}")
    endif()
    set(${out} "${value}" PARENT_SCOPE)
endfunction()

# publish_sample(SCHEMA): the sample imported into ${WORK}/sample.cordon and published there.
function(publish_sample schema)
    execute_process(COMMAND ${CLI} import ${OSM} -o ${WORK}/sample.cordon RESULT_VARIABLE rc
        OUTPUT_QUIET ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        fail("cordon-cli import failed: ${err}")
    endif()
    execute_process(COMMAND ${CLI} publish ${WORK}/sample.cordon ${url} --schema ${schema}
        RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        fail("cordon-cli publish failed: ${err}")
    endif()
endfunction()
