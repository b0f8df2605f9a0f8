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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * The header fields of a stored response, kept compactly as name and value pairs (an
 * {@link HttpHeaders} holds two maps and a list per field, several times the memory of
 * the strings themselves).
 *
 * @author reuseport team
 * @since 0.1.0
 */
final class StoredHeaders {

	private final String[] fields;

	private StoredHeaders(String[] fields) {
		this.fields = fields;
	}

	/**
	 * Copy a response's header fields, keeping only those whose lower-case name is
	 * accepted. A Reactor Netty response's fields are read from Netty's own header
	 * object, which iterates without building name sets as Spring's view of it does.
	 * @param response the response
	 * @param include accepts lower-case names
	 * @return the stored header fields
	 */
	static StoredHeaders of(ServerHttpResponse response, Predicate<String> include) {
		Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
		if (!(nativeResponse instanceof HttpServerResponse netty)) {
			return of(response.getHeaders(), include);
		}
		List<String> fields = new ArrayList<>(16);
		for (Iterator<Map.Entry<String, String>> headers = netty.responseHeaders().iteratorAsString(); headers
			.hasNext();) {
			Map.Entry<String, String> header = headers.next();
			if (include.test(header.getKey().toLowerCase(Locale.ROOT))) {
				fields.add(header.getKey());
				fields.add(header.getValue());
			}
		}
		return new StoredHeaders(fields.toArray(new String[0]));
	}

	/**
	 * Copy header fields, keeping only those whose lower-case name is accepted.
	 * @param headers the header fields
	 * @param include accepts lower-case names
	 * @return the stored header fields
	 */
	static StoredHeaders of(HttpHeaders headers, Predicate<String> include) {
		List<String> fields = new ArrayList<>(16);
		headers.forEach((name, values) -> {
			if (include.test(name.toLowerCase(Locale.ROOT))) {
				for (String value : values) {
					fields.add(name);
					fields.add(value);
				}
			}
		});
		return new StoredHeaders(fields.toArray(new String[0]));
	}

	/**
	 * Return the first value of a header field.
	 * @param name the name, in any case
	 * @return the value, or {@code null}
	 */
	@Nullable String first(String name) {
		for (int i = 0; i < this.fields.length; i += 2) {
			if (this.fields[i].equalsIgnoreCase(name)) {
				return this.fields[i + 1];
			}
		}
		return null;
	}

	void forEach(BiConsumer<String, String> action) {
		for (int i = 0; i < this.fields.length; i += 2) {
			action.accept(this.fields[i], this.fields[i + 1]);
		}
	}

	/**
	 * Write these header fields to a response's, replacing fields of the same name.
	 * @param target the response's header fields
	 * @param names the lower-case names to write, or {@code null} for all
	 */
	void writeTo(HttpHeaders target, @Nullable Set<String> names) {
		String previous = null;
		for (int i = 0; i < this.fields.length; i += 2) {
			String name = this.fields[i];
			if (names != null && !names.contains(name.toLowerCase(Locale.ROOT))) {
				continue;
			}
			if (name.equals(previous)) {
				target.add(name, this.fields[i + 1]);
			}
			else {
				target.set(name, this.fields[i + 1]);
				previous = name;
			}
		}
	}

	StoredHeaders with(String name, @Nullable String value) {
		if (value == null) {
			return this;
		}
		String[] fields = java.util.Arrays.copyOf(this.fields, this.fields.length + 2);
		fields[this.fields.length] = name;
		fields[this.fields.length + 1] = value;
		return new StoredHeaders(fields);
	}

	/**
	 * Return header fields read back from their names and values, alternating.
	 * @param fields the names and values
	 * @return the header fields
	 */
	static StoredHeaders ofFields(String[] fields) {
		if (fields.length % 2 != 0) {
			throw new IllegalArgumentException("A header field without a value");
		}
		return new StoredHeaders(fields.clone());
	}

	/**
	 * Return the number of field lines.
	 * @return the count
	 */
	int count() {
		return this.fields.length / 2;
	}

	HttpHeaders toHttpHeaders() {
		HttpHeaders headers = new HttpHeaders();
		forEach(headers::add);
		return headers;
	}

	long size() {
		long size = 16 + 4L * this.fields.length;
		for (String field : this.fields) {
			size += 40 + field.length();
		}
		return size;
	}

}
