package io.tunnelwatch.job;
final class Placeholder {}
