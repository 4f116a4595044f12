#!/usr/bin/env bash
# The Java binding: the JNI library, the Java API and its test runner (javac, java). From any
# directory. Needs a JDK 17 or later.
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build -q --locked -p qr1405-java
out=target/java
rm -rf "$out" && mkdir -p "$out"
javac -Xlint:all -Werror -d "$out" bindings/java/java/vn/qr1405/*.java bindings/java/tests/ReaderTest.java
java -Xcheck:jni -Dqr1405.library="$PWD/target/debug/libqr1405_jni.so" -cp "$out" ReaderTest .
