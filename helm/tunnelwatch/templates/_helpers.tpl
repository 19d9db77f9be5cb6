{{/* The chart's name, overridable. */}}
{{- define "tunnelwatch.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's resource name prefix: release name, plus the chart name unless it already contains it. */}}
{{- define "tunnelwatch.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "tunnelwatch.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Kubernetes' recommended labels (app.kubernetes.io/*) on every resource. */}}
{{- define "tunnelwatch.labels" -}}
helm.sh/chart: {{ include "tunnelwatch.chart" . }}
{{ include "tunnelwatch.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tunnelwatch
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels: stable across upgrades, so never the version. */}}
{{- define "tunnelwatch.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tunnelwatch.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "tunnelwatch.agentImage" -}}
{{- printf "%s:%s" .Values.image.agent.repository (default .Chart.AppVersion .Values.image.agent.tag) -}}
{{- end -}}

{{- define "tunnelwatch.jobImage" -}}
{{- printf "%s:%s" .Values.image.job.repository (default .Chart.AppVersion .Values.image.job.tag) -}}
{{- end -}}

{{/* Where the Kafka client Secret is mounted, and the properties file in it. */}}
{{- define "tunnelwatch.kafkaConfigDir" -}}/etc/tunnelwatch/kafka{{- end -}}
{{- define "tunnelwatch.kafkaConfigFile" -}}
{{- printf "%s/%s" (include "tunnelwatch.kafkaConfigDir" .) .Values.kafka.clientConfig.key -}}
{{- end -}}

{{/* A DNS-1123 name for a site's DaemonSet. */}}
{{- define "tunnelwatch.siteName" -}}
{{- .name | lower | replace "_" "-" | replace "." "-" | trunc 40 | trimSuffix "-" -}}
{{- end -}}
