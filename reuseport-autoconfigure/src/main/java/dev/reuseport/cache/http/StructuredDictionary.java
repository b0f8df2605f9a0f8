/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.reuseport.cache.http;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser of Dictionary structured fields (RFC 8941 section 4.2.2), the syntax of
 * targeted cache-control fields (RFC 9213): in one pass, failing on the first character
 * that breaks the syntax. Members' parameters are checked and dropped.
 *
 * @author reuseport team
 */
final class StructuredDictionary {

	private static final int MAX_INTEGER_DIGITS = 15;

	private final String input;

	private int at;

	private StructuredDictionary(String input) {
		this.input = input;
	}

	/**
	 * Parse the lines of a field as one Dictionary.
	 * @param lines the field lines, joined with commas as RFC 8941 section 4.2 says
	 * @return the members by key, in order; a key repeated keeps its last value
	 * @throws IllegalArgumentException if the field is not a Dictionary
	 */
	static Map<String, Item> parse(List<String> lines) {
		return new StructuredDictionary(String.join(",", lines)).dictionary();
	}

	private Map<String, Item> dictionary() {
		Map<String, Item> members = new LinkedHashMap<>();
		skipSpaces();
		while (this.at < this.input.length()) {
			String key = key();
			Item item;
			if (peek() == '=') {
				this.at++;
				item = (peek() == '(') ? innerList() : item();
			}
			else {
				item = new Item(Type.BOOLEAN, Boolean.TRUE);
				parameters();
			}
			members.put(key, item);
			skipOptionalWhitespace();
			if (this.at == this.input.length()) {
				return members;
			}
			expect(',');
			skipOptionalWhitespace();
			if (this.at == this.input.length()) {
				throw fail("a trailing comma");
			}
		}
		return members;
	}

	private Item innerList() {
		expect('(');
		List<Item> items = new ArrayList<>();
		while (true) {
			skipSpaces();
			if (peek() == ')') {
				this.at++;
				parameters();
				return new Item(Type.INNER_LIST, List.copyOf(items));
			}
			items.add(item());
			char next = peek();
			if (next != ' ' && next != ')') {
				throw fail("an inner list member not followed by a space or ')'");
			}
		}
	}

	private Item item() {
		Item item = bareItem();
		parameters();
		return item;
	}

	private Item bareItem() {
		char c = peek();
		if (c == '-' || isDigit(c)) {
			return number();
		}
		if (c == '"') {
			return string();
		}
		if (c == '*' || isAlpha(c)) {
			return token();
		}
		if (c == ':') {
			return byteSequence();
		}
		if (c == '?') {
			this.at++;
			char value = peek();
			this.at++;
			if (value == '0' || value == '1') {
				return new Item(Type.BOOLEAN, value == '1');
			}
			throw fail("a Boolean that is neither ?0 nor ?1");
		}
		throw fail("an unknown item type");
	}

	private Item number() {
		int start = this.at;
		if (peek() == '-') {
			this.at++;
		}
		int digits = 0;
		int decimalPoint = -1;
		while (this.at < this.input.length()) {
			char c = this.input.charAt(this.at);
			if (isDigit(c)) {
				digits++;
			}
			else if (c == '.' && decimalPoint < 0) {
				if (digits > 12) {
					throw fail("a Decimal with more than 12 integer digits");
				}
				decimalPoint = this.at;
			}
			else {
				break;
			}
			this.at++;
			if (decimalPoint < 0 && digits > MAX_INTEGER_DIGITS) {
				throw fail("an Integer with more than 15 digits");
			}
		}
		String text = this.input.substring(start, this.at);
		if (digits == 0) {
			throw fail("a number without digits");
		}
		if (decimalPoint < 0) {
			return new Item(Type.INTEGER, Long.parseLong(text));
		}
		int fraction = this.at - decimalPoint - 1;
		if (fraction < 1 || fraction > 3) {
			throw fail("a Decimal without 1 to 3 fraction digits");
		}
		return new Item(Type.DECIMAL, Double.parseDouble(text));
	}

	private Item string() {
		expect('"');
		StringBuilder value = new StringBuilder();
		while (this.at < this.input.length()) {
			char c = this.input.charAt(this.at++);
			if (c == '\\') {
				if (this.at == this.input.length()) {
					throw fail("a String ending in an escape");
				}
				char escaped = this.input.charAt(this.at++);
				if (escaped != '"' && escaped != '\\') {
					throw fail("an escape other than \\\" or \\\\ in a String");
				}
				value.append(escaped);
			}
			else if (c == '"') {
				return new Item(Type.STRING, value.toString());
			}
			else if (c < 0x20 || c > 0x7e) {
				throw fail("a character outside printable ASCII in a String");
			}
			else {
				value.append(c);
			}
		}
		throw fail("an unterminated String");
	}

	private Item token() {
		int start = this.at;
		this.at++;
		while (this.at < this.input.length() && isTokenChar(this.input.charAt(this.at))) {
			this.at++;
		}
		return new Item(Type.TOKEN, this.input.substring(start, this.at));
	}

	private Item byteSequence() {
		expect(':');
		int end = this.input.indexOf(':', this.at);
		if (end < 0) {
			throw fail("an unterminated Byte Sequence");
		}
		String encoded = this.input.substring(this.at, end);
		for (int i = 0; i < encoded.length(); i++) {
			char c = encoded.charAt(i);
			if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '/' && c != '=') {
				throw fail("a character outside base64 in a Byte Sequence");
			}
		}
		this.at = end + 1;
		try {
			return new Item(Type.BYTE_SEQUENCE, Base64.getDecoder().decode(encoded));
		}
		catch (IllegalArgumentException ex) {
			throw fail("a Byte Sequence that is not base64");
		}
	}

	private void parameters() {
		while (peek() == ';') {
			this.at++;
			skipSpaces();
			key();
			if (peek() == '=') {
				this.at++;
				bareItem();
			}
		}
	}

	private String key() {
		char first = peek();
		if (!isLowerAlpha(first) && first != '*') {
			throw fail("a key that does not start with a lower-case letter or '*'");
		}
		int start = this.at++;
		while (this.at < this.input.length()) {
			char c = this.input.charAt(this.at);
			if (!isLowerAlpha(c) && !isDigit(c) && c != '_' && c != '-' && c != '.' && c != '*') {
				break;
			}
			this.at++;
		}
		return this.input.substring(start, this.at);
	}

	private char peek() {
		return (this.at < this.input.length()) ? this.input.charAt(this.at) : '\0';
	}

	private void expect(char c) {
		if (peek() != c) {
			throw fail("'" + c + "' expected");
		}
		this.at++;
	}

	private void skipSpaces() {
		while (peek() == ' ') {
			this.at++;
		}
	}

	private void skipOptionalWhitespace() {
		while (peek() == ' ' || peek() == '\t') {
			this.at++;
		}
	}

	private IllegalArgumentException fail(String what) {
		return new IllegalArgumentException("Not a Dictionary: " + what + " at " + this.at);
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isLowerAlpha(char c) {
		return c >= 'a' && c <= 'z';
	}

	private static boolean isAlpha(char c) {
		return isLowerAlpha(c) || (c >= 'A' && c <= 'Z');
	}

	private static boolean isTokenChar(char c) {
		return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
	}

	/**
	 * The types of structured items.
	 */
	enum Type {

		INTEGER, DECIMAL, STRING, TOKEN, BYTE_SEQUENCE, BOOLEAN, INNER_LIST

	}

	/**
	 * A member's value.
	 *
	 * @param type its type
	 * @param value its value: {@code Long}, {@code Double}, {@code String},
	 * {@code byte[]}, {@code Boolean} or a list of items
	 */
	record Item(Type type, Object value) {

	}

}
