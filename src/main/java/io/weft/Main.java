package io.weft;
public class Main { public static void main(String[] a){} }
