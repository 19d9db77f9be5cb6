package io.tunnelwatch.agent;
final class Placeholder {}
