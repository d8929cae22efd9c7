# CountIQ for CI jobs that run in containers: one self-contained binary on a
# distroless glibc base (glibc 2.36, whose NSS looks up /etc/hosts and DNS
# without loadable modules, so host names resolve; TLS is rustls, so there
# is no OpenSSL), running as an unprivileged user.
#
#   docker build -t countiq .
#   docker run --rm -e COUNTIQ_DB=postgres://ci@db.internal/inventory countiq list
#
# tests/postgres/image.rs builds a root holding what this image holds (the
# binary, the libraries ldd names, /etc/passwd with the nonroot user, the
# hosts file) and runs the binary in it against a server by host name.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked && strip target/release/countiq

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/target/release/countiq /usr/local/bin/countiq
USER 65532:65532
ENV HOME=/home/nonroot
ENTRYPOINT ["countiq"]
