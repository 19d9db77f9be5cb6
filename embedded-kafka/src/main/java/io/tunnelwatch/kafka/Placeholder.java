package io.tunnelwatch.kafka;
final class Placeholder {}
