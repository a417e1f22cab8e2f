# okr in a container image, built from a checkout (SPEC §9):
#
#   docker build -t okr .
#   docker run --rm -v "$PWD:/repo" -w /repo okr validate
#
# A static binary (CGO_ENABLED=0) on a distroless static base, run as a
# non-root user. Commands that write (fmt, record, init, site) need the
# mounted files' owner: add --user "$(id -u):$(id -g)".
# Not part of the GoReleaser run. cmd/okr TestDockerfile runs this build's
# RUN commands outside Docker and the binary in an empty root.

# The build runs on the builder's platform and cross-compiles for the
# image's (docker buildx build --platform linux/arm64 .).
FROM --platform=$BUILDPLATFORM golang:1.26 AS build
WORKDIR /src
ENV CGO_ENABLED=0
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The version okr --version prints: docker build --build-arg VERSION=v1.2.0 .
ARG VERSION=devel
ARG TARGETOS TARGETARCH
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -buildvcs=false -ldflags="-s -w -X main.version=${VERSION}" -o bin/okr ./cmd/okr

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/bin/okr /okr
# distroless's nonroot user and group
USER 65532:65532
WORKDIR /repo
ENTRYPOINT ["/okr"]
