#!/usr/bin/env bash
# Makes a minimal Debian root filesystem for the base images (docker/test-image.sh imports it
# with `podman import`): no registry needed, only a Debian mirror.
#
#   debian-base.sh ROOTFS SUITE MIRROR
#
# Like the official debian:SUITE-slim: debootstrap's minbase variant, the security and updates
# suites enabled (openjdk-17 is patched through SUITE-security), no documentation, manual pages
# or translations (dpkg leaves them out of every package installed later too), no apt lists.
set -euo pipefail
rootfs=$1 suite=$2 mirror=$3

debootstrap --variant=minbase "$suite" "$rootfs" "$mirror"
cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main
deb $mirror $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
SOURCES
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
SLIM
find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
  "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
# openjdk's post-install script links its manual page into man1 and fails if the folder is gone.
mkdir -p "$rootfs/usr/share/man/man1"
