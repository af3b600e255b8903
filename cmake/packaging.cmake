# The Debian package: `cmake --build --preset release --target package` writes
# build/release/loginkit_<version>_<arch>.deb. Release builds only, so a debug tree never
# carries package rules.
if(NOT CMAKE_BUILD_TYPE STREQUAL "Release")
  return()
endif()

find_program(HELP2MAN help2man REQUIRED)
find_program(GZIP gzip REQUIRED)
set(pkg_dir ${CMAKE_BINARY_DIR}/package-files)

# The man page comes from the binary's own --help, so it never drifts from the CLI. gzip -n keeps
# the result byte-identical between builds (no name or time stamp in the header).
add_custom_command(
  OUTPUT ${pkg_dir}/loginkit.1.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${pkg_dir}
  COMMAND ${HELP2MAN} --locale=C.UTF-8 --no-info --no-discard-stderr --section=1
          "--name=OAuth 2.0 authorization server" --version-string=${PROJECT_VERSION}
          --output=${pkg_dir}/loginkit.1 $<TARGET_FILE:loginkit>
  COMMAND ${GZIP} -9nf ${pkg_dir}/loginkit.1
  DEPENDS loginkit
  COMMENT "Generating loginkit.1 from loginkit --help")
add_custom_command(
  OUTPUT ${pkg_dir}/changelog.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${pkg_dir}
  COMMAND ${GZIP} -9nc ${PROJECT_SOURCE_DIR}/deploy/debian/changelog > ${pkg_dir}/changelog.gz
  DEPENDS ${PROJECT_SOURCE_DIR}/deploy/debian/changelog)
add_custom_target(package_files ALL DEPENDS ${pkg_dir}/loginkit.1.gz ${pkg_dir}/changelog.gz)

# Absolute destinations are for the package only: the "deb" component is left out of a plain
# `cmake --install`, so installing from source never writes /etc or /lib.
install(FILES ${PROJECT_SOURCE_DIR}/deploy/loginkit.example.toml DESTINATION /etc/loginkit
        RENAME loginkit.toml COMPONENT deb EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/loginkit.service DESTINATION /lib/systemd/system
        COMPONENT deb EXCLUDE_FROM_ALL)
install(FILES ${pkg_dir}/loginkit.1.gz DESTINATION share/man/man1 COMPONENT deb EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/debian/copyright ${pkg_dir}/changelog.gz
        DESTINATION share/doc/loginkit COMPONENT deb EXCLUDE_FROM_ALL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME loginkit)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "loginkit maintainers <loginkit@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "OAuth 2.0 authorization server")
set(CPACK_PACKAGE_DESCRIPTION
    "loginkit is an OAuth 2.0 authorization server, on SQLite or PostgreSQL.\n
It ships a hardened systemd unit and an example configuration.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
# DESTDIR staging, so the absolute /etc and /lib destinations land in the package, not the host;
# the prefix is then CPACK_INSTALL_PREFIX.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# dpkg keeps an operator's edits to a conffile across upgrades.
file(WRITE ${pkg_dir}/conffiles "/etc/loginkit/loginkit.toml\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${pkg_dir}/conffiles)
# The unnamed default component (binary, docs) and the package-only "deb" component.
set(CPACK_INSTALL_CMAKE_PROJECTS
    "${CMAKE_BINARY_DIR};loginkit;Unspecified;/" "${CMAKE_BINARY_DIR};loginkit;deb;/")
include(CPack)
