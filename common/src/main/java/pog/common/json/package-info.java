/**
 * PoG's wire JSON (one configured Jackson mapper): camelCase, epoch-millisecond times, money as plain decimal
 * strings, so a double never touches a price or a size on its way out.
 */
package pog.common.json;
