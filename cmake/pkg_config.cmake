# Writes and installs zhibiao.pc (from cmake/zhibiao.pc.in) into <libdir>/pkgconfig, beside the
# CMake package in <libdir>/cmake/zhibiao. Paths are relative to the .pc file's own directory
# (${pcfiledir}), so the installed tree may be moved or installed with `cmake --install --prefix`.
set(ZHIBIAO_PC_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Path of an install directory as the .pc file writes it: under ${prefix} when relative, as
# given when absolute.
function(zhibiao_pc_path out dir)
  if(IS_ABSOLUTE "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    set(${out} "\${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()

if(IS_ABSOLUTE "${ZHIBIAO_PC_DIR}")
  # An absolute libdir: the prefix cannot be found relative to the .pc file.
  set(ZHIBIAO_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  message(STATUS "zhibiao: CMAKE_INSTALL_LIBDIR is absolute; zhibiao.pc uses absolute paths")
else()
  # From <prefix>/<libdir>/pkgconfig back up to <prefix>: one ".." per directory level.
  file(RELATIVE_PATH ZHIBIAO_PC_UP /prefix/${ZHIBIAO_PC_DIR} /prefix)
  string(REGEX REPLACE "/$" "" ZHIBIAO_PC_UP "${ZHIBIAO_PC_UP}")
  set(ZHIBIAO_PC_PREFIX "\${pcfiledir}/${ZHIBIAO_PC_UP}")
endif()
zhibiao_pc_path(ZHIBIAO_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
zhibiao_pc_path(ZHIBIAO_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")

configure_file(${PROJECT_SOURCE_DIR}/cmake/zhibiao.pc.in ${PROJECT_BINARY_DIR}/zhibiao.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/zhibiao.pc DESTINATION ${ZHIBIAO_PC_DIR})
