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

package dev.reuseport.http;

import org.jspecify.annotations.Nullable;

/**
 * The syntax of request targets (RFC 9112 section 3.2) and {@code Host} values (RFC 9112
 * section 3.2, RFC 3986 section 3.2.2), checked in one pass over each character, without
 * regular expressions or copies.
 *
 * @author reuseport team
 */
final class RequestTargets {

	private static final boolean[] PATH_OR_QUERY = new boolean[128];

	private static final boolean[] REG_NAME = new boolean[128];

	static {
		String unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
		// sub-delims without ',': a comma in Host is two values folded into one field
		String subDelims = "!$&'()*+;=";
		for (char c : (unreserved + subDelims).toCharArray()) {
			REG_NAME[c] = true;
		}
		for (char c : (unreserved + subDelims + ",:@/?").toCharArray()) {
			PATH_OR_QUERY[c] = true;
		}
	}

	private RequestTargets() {
	}

	/**
	 * Return whether a path and query (from {@code /} on) holds only the characters RFC
	 * 3986 allows there, with well-formed percent-encodings; bytes above {@code 0xA0},
	 * which many clients send unencoded, are accepted as the URI class does.
	 * @param target the origin-form target
	 * @param from the index to check from
	 * @return whether it is valid
	 */
	static boolean isPathAndQuery(String target, int from) {
		int length = target.length();
		if (from >= length || target.charAt(from) != '/') {
			return false;
		}
		for (int i = from; i < length; i++) {
			char c = target.charAt(i);
			if (c == '%') {
				if (i + 2 >= length || !isHex(target.charAt(i + 1)) || !isHex(target.charAt(i + 2))) {
					return false;
				}
				i += 2;
			}
			else if (c < 128) {
				if (!PATH_OR_QUERY[c]) {
					return false;
				}
			}
			else if (c <= 0xA0) {
				// C1 controls and the no-break space
				return false;
			}
		}
		return true;
	}

	/**
	 * Return whether a value is a valid {@code Host}: a host name, IPv4 address or IP
	 * literal in brackets, and an optional port; empty is valid (a target without
	 * authority). A comma, which would stand for two {@code Host} fields, is not.
	 * @param host the value
	 * @return whether it is valid
	 */
	static boolean isHost(CharSequence host) {
		int length = host.length();
		int i = 0;
		if (length > 0 && host.charAt(0) == '[') {
			i = 1;
			while (i < length && host.charAt(i) != ']') {
				char c = host.charAt(i);
				if (!isHex(c) && c != ':' && c != '.') {
					return false;
				}
				i++;
			}
			if (i == length || i == 1) {
				return false;
			}
			i++;
		}
		else {
			while (i < length && host.charAt(i) != ':') {
				char c = host.charAt(i);
				if (c == '%') {
					if (i + 2 >= length || !isHex(host.charAt(i + 1)) || !isHex(host.charAt(i + 2))) {
						return false;
					}
					i += 2;
				}
				else if (c >= 128 || !REG_NAME[c]) {
					return false;
				}
				i++;
			}
		}
		if (i == length) {
			return true;
		}
		if (host.charAt(i) != ':') {
			return false;
		}
		for (int digit = i + 1; digit < length; digit++) {
			char c = host.charAt(digit);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	/**
	 * Split an absolute-form target ({@code http://authority/path?query}) into its
	 * authority and its origin form.
	 * @param target the target
	 * @return the parts, or {@code null} if it is not a valid absolute-form target of the
	 * {@code http} or {@code https} scheme
	 */
	static @Nullable AbsoluteForm absoluteForm(String target) {
		int start;
		if (target.regionMatches(true, 0, "http://", 0, 7)) {
			start = 7;
		}
		else if (target.regionMatches(true, 0, "https://", 0, 8)) {
			start = 8;
		}
		else {
			return null;
		}
		int end = start;
		while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
			end++;
		}
		String authority = target.substring(start, end);
		if (authority.isEmpty() || !isHost(authority)) {
			return null;
		}
		String originForm = (end == target.length()) ? "/"
				: (target.charAt(end) == '?') ? "/" + target.substring(end) : target.substring(end);
		return isPathAndQuery(originForm, 0) ? new AbsoluteForm(authority, originForm) : null;
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	/**
	 * An absolute-form target split in two.
	 *
	 * @param authority the host and port
	 * @param originForm the path and query
	 */
	record AbsoluteForm(String authority, String originForm) {

	}

}
