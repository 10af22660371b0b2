// The PLC models a conpot persona can be: order numbers, module names, firmware lines and the
// S7/Modbus behaviour of each family (never conpot's default S7-200 "Technodrome" identity, D1).
// Order numbers and firmware levels are ones the vendors shipped; one is picked per decky.

export type PlcVendor = 'siemens' | 'schneider' | 'abb';
export type PlcProfileId = 's7-300' | 's7-1200' | 's7-1500' | 'm340' | 'm580' | 'ac500';

export interface PlcModel {
  /** Module (CPU) name as the engineering tool shows it: "CPU 315-2 PN/DP". */
  module: string;
  /** Order number (MLFB) / catalogue reference: "6ES7 315-2EH14-0AB0", "BMX P34 2020". */
  orderNumber: string;
  /** Firmware levels shipped for this CPU; one is drawn per decky. */
  firmware: ReadonlyArray<readonly [number, number, number]>;
}

export interface PlcProfile {
  id: PlcProfileId;
  vendor: PlcVendor;
  /** Modbus Read Device Identification VendorName (object 0x00). */
  vendorName: string;
  /** Product family: "SIMATIC S7-300", "Modicon M340". */
  family: string;
  models: readonly PlcModel[];
  /** Firmware as the vendor writes it ("V3.2.6", "v2.70", "SV03.10"). */
  formatFirmware(v: readonly [number, number, number]): string;
  /** S7: the rack/slot byte of the CPU (slot 2 on S7-300, 1 on S7-1200/1500); undefined: no S7comm. */
  s7Slots?: readonly number[];
  /** S7: the largest PDU the CPU negotiates. */
  s7MaxPdu?: number;
  /** S7: parallel jobs the CPU grants (Max AmQ calling/called). */
  s7MaxAmq?: number;
  /** Default AS (station) names the engineering tools give, used by some plants as they are. */
  defaultStationNames: readonly string[];
}

const siemensFw = (v: readonly [number, number, number]): string => `V${v[0]}.${v[1]}.${v[2]}`;

export const PROFILES: Readonly<Record<PlcProfileId, PlcProfile>> = {
  's7-300': {
    id: 's7-300', vendor: 'siemens', vendorName: 'Siemens', family: 'SIMATIC S7-300',
    models: [
      { module: 'CPU 315-2 PN/DP', orderNumber: '6ES7 315-2EH14-0AB0', firmware: [[3, 2, 6], [3, 2, 8], [3, 2, 10], [3, 2, 17]] },
      { module: 'CPU 317-2 PN/DP', orderNumber: '6ES7 317-2EK14-0AB0', firmware: [[3, 2, 8], [3, 2, 12], [3, 2, 17]] },
      { module: 'CPU 314C-2 PN/DP', orderNumber: '6ES7 314-6EH04-0AB0', firmware: [[3, 3, 10], [3, 3, 12], [3, 3, 17]] },
    ],
    formatFirmware: siemensFw, s7Slots: [2], s7MaxPdu: 240, s7MaxAmq: 1,
    defaultStationNames: ['SIMATIC 300(1)', 'SIMATIC 300-Station', 'SIMATIC 300(2)'],
  },
  's7-1200': {
    id: 's7-1200', vendor: 'siemens', vendorName: 'Siemens', family: 'SIMATIC S7-1200',
    models: [
      { module: 'CPU 1214C DC/DC/DC', orderNumber: '6ES7 214-1AG40-0XB0', firmware: [[4, 2, 3], [4, 4, 1], [4, 5, 2], [4, 6, 1]] },
      { module: 'CPU 1215C DC/DC/DC', orderNumber: '6ES7 215-1AG40-0XB0', firmware: [[4, 2, 3], [4, 4, 1], [4, 5, 2]] },
      { module: 'CPU 1212C AC/DC/Rly', orderNumber: '6ES7 212-1BE40-0XB0', firmware: [[4, 4, 1], [4, 5, 2]] },
    ],
    formatFirmware: siemensFw, s7Slots: [0, 1], s7MaxPdu: 240, s7MaxAmq: 3,
    defaultStationNames: ['PLC_1', 'S7-1200 station_1', 'PLC_2'],
  },
  's7-1500': {
    id: 's7-1500', vendor: 'siemens', vendorName: 'Siemens', family: 'SIMATIC S7-1500',
    models: [
      { module: 'CPU 1511-1 PN', orderNumber: '6ES7 511-1AK02-0AB0', firmware: [[2, 8, 3], [2, 9, 4], [2, 9, 7]] },
      { module: 'CPU 1513-1 PN', orderNumber: '6ES7 513-1AL02-0AB0', firmware: [[2, 8, 3], [2, 9, 4]] },
      { module: 'CPU 1516-3 PN/DP', orderNumber: '6ES7 516-3AN02-0AB0', firmware: [[2, 9, 2], [2, 9, 7]] },
    ],
    formatFirmware: siemensFw, s7Slots: [0, 1], s7MaxPdu: 480, s7MaxAmq: 8,
    defaultStationNames: ['PLC_1', 'S7-1500/ET200MP station_1'],
  },
  m340: {
    id: 'm340', vendor: 'schneider', vendorName: 'Schneider Electric', family: 'Modicon M340',
    models: [
      { module: 'BMX P34 2020', orderNumber: 'BMX P34 2020', firmware: [[2, 7, 0], [3, 1, 0], [3, 2, 0]] },
      { module: 'BMX P34 2030', orderNumber: 'BMX P34 2030', firmware: [[2, 7, 0], [3, 1, 0]] },
    ],
    formatFirmware: (v) => `v${v[0]}.${v[1]}${v[2]}`,
    defaultStationNames: ['Station', 'PLC1'],
  },
  m580: {
    id: 'm580', vendor: 'schneider', vendorName: 'Schneider Electric', family: 'Modicon M580',
    models: [
      { module: 'BME P58 2040', orderNumber: 'BME P58 2040', firmware: [[3, 10, 0], [3, 20, 0], [4, 1, 0]] },
      { module: 'BME P58 1020', orderNumber: 'BME P58 1020', firmware: [[3, 10, 0], [3, 20, 0]] },
    ],
    formatFirmware: (v) => `SV${String(v[0]).padStart(2, '0')}.${String(v[1]).padStart(2, '0')}`,
    defaultStationNames: ['Station', 'M580_PLC'],
  },
  ac500: {
    id: 'ac500', vendor: 'abb', vendorName: 'ABB', family: 'AC500',
    models: [
      { module: 'PM573-ETH', orderNumber: '1SAP130300R0271', firmware: [[2, 5, 3], [2, 8, 5], [3, 0, 2]] },
      { module: 'PM583-ETH', orderNumber: '1SAP140300R0271', firmware: [[2, 8, 5], [3, 0, 2]] },
    ],
    formatFirmware: (v) => `V${v[0]}.${v[1]}.${v[2]}`,
    defaultStationNames: ['AC500', 'Application'],
  },
};

export const PROFILE_IDS = Object.keys(PROFILES) as PlcProfileId[];
