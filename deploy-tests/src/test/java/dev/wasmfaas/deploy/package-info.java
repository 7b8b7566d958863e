/** Tests of the deployment files: the Kubernetes manifests, rendered by kubectl and parsed with the fabric8 model. */
package dev.wasmfaas.deploy;
