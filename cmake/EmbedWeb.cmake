# Embeds the dashboard's built files into the binary.
#
# At build time (every build, so a fresh `npm run build` is picked up) a
# script lists the files under DIST_DIR and writes a C++ source that pulls
# each one in with the assembler's .incbin directive. The source carries a
# hash of every file so that it changes, and is recompiled, exactly when the
# dashboard does. With no DIST_DIR the binary serves a page that says how to
# build the dashboard.
function(llmscope_embed_web target dist_dir)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/web_assets.cpp)
  add_custom_target(${target}_gen
    COMMAND ${CMAKE_COMMAND} -DDIST_DIR=${dist_dir} -DOUT=${out}
      -P ${PROJECT_SOURCE_DIR}/cmake/GenWebAssets.cmake
    BYPRODUCTS ${out}
    COMMENT "Embedding dashboard from ${dist_dir}")
  add_library(${target} STATIC ${out})
  add_dependencies(${target} ${target}_gen)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src)
endfunction()
